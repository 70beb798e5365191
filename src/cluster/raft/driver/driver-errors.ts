import { NornicError } from '../../../errors/index.js'
import type { NodeId, Refusal } from '../types.js'

/** Turns the core's refusal into the coded error the caller sees; the leader is named when known. */
export function refusalError(refusal: Refusal, self: NodeId, what: string): NornicError {
  switch (refusal.reason) {
    case 'notLeader':
      return new NornicError('Neo.ClientError.Cluster.NotALeader', `${self} is not the leader; ${what} must go to leader ${refusal.leader}`, { leader: refusal.leader, node: self })
    case 'noLeader':
      return noLeader(self, what)
    case 'transferInProgress':
      return new NornicError('Nornic.Cluster.ChangeInProgress', `${self} is handing leadership over; retry ${what} in a moment`, { leader: refusal.leader, node: self })
    case 'confChangePending':
      return new NornicError('Nornic.Cluster.ChangeInProgress', `a membership change is still committing on ${self}; retry ${what} in a moment`, { leader: refusal.leader, node: self })
    case 'invalidConfChange':
    case 'invalidTransfer':
      return new NornicError('Neo.ClientError.Request.Invalid', `${what} refused: ${refusal.detail}`, { leader: refusal.leader, node: self })
  }
}

export function noLeader(self: NodeId, what: string): NornicError {
  return new NornicError('Neo.TransientError.Cluster.NoLeader', `${self} knows no leader right now; retry ${what} in a moment`, { node: self })
}

/** The entry's index was taken by another leader's entry: it was never applied and never will be. */
export function leadershipLost(self: NodeId, index: number): NornicError {
  return new NornicError(
    'Nornic.Cluster.LeadershipLost',
    `${self} lost leadership before entry ${index} committed; it was not applied`,
    { node: self, index },
  )
}

/** Nobody can tell yet whether the entry will be applied. */
export function outcomeUnknown(self: NodeId, index: number, why: string): NornicError {
  return new NornicError(
    'Nornic.Cluster.OutcomeUnknown',
    `entry ${index} proposed on ${self} may or may not be applied: ${why}`,
    { node: self, index },
  )
}

export function stopped(self: NodeId): NornicError {
  return new NornicError('Neo.TransientError.General.DatabaseUnavailable', `the raft engine of ${self} is stopped`, { node: self })
}
