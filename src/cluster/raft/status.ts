import type { Progress, ProgressState } from './progress.js'
import type { Membership, NodeId, Role } from './types.js'

export interface MemberStatus {
  readonly id: NodeId
  readonly voter: boolean
  /** Known only on the leader; undefined elsewhere. */
  readonly match: number | undefined
  readonly next: number | undefined
  readonly state: ProgressState | 'self' | undefined
  readonly inflight: number | undefined
  /** Ticks since the leader last heard from the member; 0 for the leader itself. */
  readonly ticksSinceContact: number | undefined
}

/** What an operator sees of one node's Raft state (`nornic cluster status`). */
export interface RaftStatus {
  readonly id: NodeId
  readonly role: Role
  readonly term: number
  readonly vote: NodeId
  readonly leader: NodeId
  readonly commit: number
  readonly applied: number
  readonly firstIndex: number
  readonly lastIndex: number
  readonly snapshotIndex: number
  readonly membership: Membership
  /** The member a leadership transfer is heading to, or ''. */
  readonly transferee: NodeId
  /** Ticks since the last sign of a leader (followers) or of the last election timeout (leader). */
  readonly electionElapsed: number
  readonly members: readonly MemberStatus[]
}

export interface StatusInput extends Omit<RaftStatus, 'members'> {
  readonly progress: readonly Progress[]
}

export function statusOf(input: StatusInput): RaftStatus {
  const { progress, ...rest } = input
  const byId = new Map(progress.map((p) => [p.id, p]))
  const isLeader = input.role === 'leader'
  const members = [...input.membership.voters, ...input.membership.learners].map((id): MemberStatus => {
    const voter = input.membership.voters.includes(id)
    if (isLeader && id === input.id) {
      return { id, voter, match: input.lastIndex, next: input.lastIndex + 1, state: 'self', inflight: 0, ticksSinceContact: 0 }
    }
    const p = byId.get(id)
    return {
      id,
      voter,
      match: p?.match,
      next: p?.next,
      state: p?.state,
      inflight: p?.inflightCount(),
      ticksSinceContact: p?.ticksSinceContact,
    }
  })
  return { ...rest, members }
}
