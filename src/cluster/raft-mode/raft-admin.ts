import type { RaftStatus } from '../raft/status.js'

/** What every admin answer carries: the node that did the work (the leader for leader-only operations). */
export interface AdminAnswer {
  readonly nodeId: string
  readonly message: string
  readonly [detail: string]: unknown
}

export interface AddMemberRequest {
  readonly nodeId: string
  /** host:port of the new member's cluster port. */
  readonly address: string
  /** false keeps it a non-voter (learner); default true: promoted once caught up. */
  readonly voter: boolean
}

export interface RemoveMemberRequest {
  readonly nodeId: string
  /** Removes even when the voters left would not hold a quorum of healthy members. */
  readonly force: boolean
}

/** The admin operations of raft mode; leader-only ones are forwarded to the leader. */
export interface RaftAdministration {
  /** This node's own Raft view (no forwarding). */
  raftState(): RaftStatus
  addMember(request: AddMemberRequest): Promise<AdminAnswer>
  removeMember(request: RemoveMemberRequest): Promise<AdminAnswer>
  /** No target: the most caught-up other voter. */
  transferLeadership(target: string | undefined): Promise<AdminAnswer>
  stepDown(): Promise<AdminAnswer>
  /** Takes a snapshot on this node. */
  snapshot(): Promise<AdminAnswer>
}

export function canAdministerRaft(replicator: object): replicator is RaftAdministration {
  const candidate = replicator as Partial<RaftAdministration>
  return typeof candidate.raftState === 'function' && typeof candidate.addMember === 'function'
}

/**
 * Why removing `node` would leave the cluster without a working quorum, or undefined when it
 * would not: the voters that remain must include a majority that is healthy now (the leader
 * counts itself healthy). Raft's own rule only guards the change's commit; this guards the
 * cluster's next write.
 */
export function quorumRiskOfRemoval(voters: readonly string[], node: string, healthy: (id: string) => boolean): string | undefined {
  const remaining = voters.filter((voter) => voter !== node)
  if (remaining.length === 0) return `${node} is the last voter`
  const healthyRemaining = remaining.filter(healthy)
  const needed = Math.floor(remaining.length / 2) + 1
  if (healthyRemaining.length >= needed) return undefined
  const unhealthy = remaining.filter((voter) => !healthy(voter))
  return `after removing ${node}, ${healthyRemaining.length} of the ${remaining.length} remaining voters are healthy and ${needed} are needed for a quorum (unhealthy: ${unhealthy.join(', ')})`
}
