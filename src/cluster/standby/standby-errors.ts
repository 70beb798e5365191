import { NornicError } from '../../errors/index.js'
import type { HaRole } from './ha-state.js'

/** The coded errors of hot standby, each with the facts an operator or a client needs to act. */

export function notThePrimary(nodeId: string, role: HaRole, epoch: number, peerAddress: string, primary: { id: string; httpUrl?: string } | undefined): NornicError {
  const where = primary === undefined
    ? `the primary is its peer at ${peerAddress}`
    : `write to primary ${primary.id}${primary.httpUrl === undefined ? '' : ` at ${primary.httpUrl}`}`
  const what = role === 'fenced' ? `was fenced at epoch ${epoch}` : 'is the standby'
  return new NornicError('Neo.ClientError.Cluster.NotALeader', `${nodeId} ${what}; ${where}`, {
    role, epoch, ...(primary === undefined ? {} : { leader: primary.id, leaderHttpUrl: primary.httpUrl }),
  })
}

export function primaryStarting(nodeId: string, peerAddress: string, failoverTimeoutMs: number): NornicError {
  return new NornicError(
    'Neo.TransientError.General.DatabaseUnavailable',
    `${nodeId} is starting as primary and is waiting to hear from its peer at ${peerAddress} (at most ${failoverTimeoutMs} ms); retry in a moment`,
  )
}

/** sync and quorum, before anything was applied: safe to retry as it is. */
export function standbyUnavailable(nodeId: string, syncMode: string, standby: string, syncTimeoutMs: number): NornicError {
  return new NornicError(
    'Nornic.Cluster.StandbyUnavailable',
    `${nodeId} did not write: sync mode ${syncMode} needs the standby ${standby}, which has not been reachable for ${syncTimeoutMs} ms; retry once it is back`,
    { syncMode, standby, syncTimeoutMs },
  )
}

/** Applied on the primary, not confirmed by the standby: it may or may not survive a failover. */
export function unconfirmedWrite(nodeId: string, index: number, syncMode: string, why: string): NornicError {
  return new NornicError(
    'Nornic.Cluster.OutcomeUnknown',
    `write ${index} was applied on ${nodeId} but ${why}; it may or may not survive a failover, so check before retrying`,
    { index, syncMode },
  )
}

export function promoteNeedsForce(nodeId: string, primary: string, why: string): NornicError {
  return new NornicError(
    'Nornic.Cluster.PromoteNeedsForce',
    `${nodeId} cannot fence primary ${primary}: ${why}. Promoting without fencing risks two primaries taking writes (split brain); make sure ${primary} is down, then promote with {"force": true}`,
    { primary },
  )
}
