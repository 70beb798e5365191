import type { ClusterMode, ConsistencyLevel } from '../config/index.js'
import type { QueryResult, WriteRequest } from '../graph/command.js'

export interface PeerStatus {
  readonly id: string
  readonly address: string
  readonly healthy: boolean
  /** Where drivers reach the member over Bolt, once the member has made it known. */
  readonly boltAddress?: string
  /** Raft: whether the member votes (a learner does not). */
  readonly voter?: boolean
  /** Raft, known on the leader: the last index the member's log is known to hold. */
  readonly matchIndex?: number
  /** Raft, known on the leader: entries the member is behind the leader's log. */
  readonly lagEntries?: number
  /** Raft, known on the leader: milliseconds since the member was last heard from. */
  readonly lastContactMs?: number
}

/**
 * One shape for every mode; it feeds /health, /admin/cluster/status, /metrics and
 * `nornic cluster status`, so the HTTP layer never asks which mode it is in.
 */
export interface ReplicationStatus {
  readonly mode: ClusterMode
  readonly nodeId: string
  /** standalone, leader, follower, candidate, learner, primary, standby. */
  readonly role: string
  readonly isLeader: boolean
  /** ready: serving; starting; no_leader: writes wait; stopped. */
  readonly state: 'ready' | 'starting' | 'no_leader' | 'stopped'
  readonly commitIndex: number
  readonly appliedIndex: number
  readonly peers: readonly PeerStatus[]
  /** Hot standby: raised by each promotion; a node that sees a higher one stops taking writes. */
  readonly epoch?: number
  /** Hot standby: the index of the last entry in this node's WAL. */
  readonly walPosition?: number
  /** How far behind the primary the standby is (on the primary: how far behind its standby is). */
  readonly lag?: { readonly entries: number; readonly seconds: number }
  /** Hot standby, semi_sync: writes are acknowledged without the standby until it catches up. */
  readonly degraded?: boolean
  readonly syncMode?: string
  /** The node that takes writes, when this one does not and knows it. */
  readonly primary?: { readonly id: string; readonly httpUrl?: string }
  /** WAL entries this node discarded since it started because a new primary never had them. */
  readonly discardedEntries?: number
  /** Bytes of replicated commands sent and received since the node started. */
  readonly replicationBytes?: number
  /** Raft: the current term. */
  readonly term?: number
  /** Raft: how many times this node has seen the leader change since it started. */
  readonly leaderChanges?: number
}

export interface PromoteResult {
  readonly promoted: boolean
  readonly nodeId: string
  readonly role: string
  readonly epoch: number
  /** True when the old primary acknowledged the fence before the promotion. */
  readonly fenced: boolean
  readonly message: string
}

/** A mode in which an operator can promote a node to take writes (hot standby). */
export interface Promotable {
  /**
   * Makes this node the one that takes writes. Rejects with Nornic.Cluster.PromoteNeedsForce when the
   * current primary cannot be fenced and `force` is not set.
   */
  promote(options: { readonly force: boolean }): Promise<PromoteResult>
}

export function canPromote(replicator: object): replicator is Promotable {
  return typeof (replicator as Partial<Promotable>).promote === 'function'
}

/**
 * The one interface every replication mode implements.
 *
 * propose: replicates the request of one transaction as one command, every field of it unchanged
 *   (statements, and the expected run or id reservation when set), and resolves with the results
 *   of applying it (on the leader or primary), once it is as durable as the mode promises.
 *   A node that cannot take writes forwards them, or rejects with Neo.ClientError.Cluster.NotALeader
 *   naming the leader; with no leader it rejects with a Neo.TransientError. Calls may overlap.
 * barrier: resolves when a read at `consistency` may run against the local graph.
 * status: cheap and synchronous; callable at any time, also before start and after stop.
 */
export interface Replicator {
  start(): Promise<void>
  stop(): Promise<void>
  propose(request: WriteRequest): Promise<QueryResult[]>
  barrier(consistency: ConsistencyLevel): Promise<void>
  status(): ReplicationStatus
}
