import type { ClusterMode, ConsistencyLevel } from '../config/index.js'
import type { QueryResult, Statement } from '../graph/command.js'

export interface PeerStatus {
  readonly id: string
  readonly address: string
  readonly healthy: boolean
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
}

/**
 * The one interface every replication mode implements.
 *
 * propose: replicates the statements of one transaction as one command and resolves with the
 *   results of applying it (on the leader or primary), once it is as durable as the mode promises.
 *   A node that cannot take writes forwards them, or rejects with Neo.ClientError.Cluster.NotALeader
 *   naming the leader; with no leader it rejects with a Neo.TransientError. Calls may overlap.
 * barrier: resolves when a read at `consistency` may run against the local graph.
 * status: cheap and synchronous; callable at any time, also before start and after stop.
 */
export interface Replicator {
  start(): Promise<void>
  stop(): Promise<void>
  propose(statements: readonly Statement[]): Promise<QueryResult[]>
  barrier(consistency: ConsistencyLevel): Promise<void>
  status(): ReplicationStatus
}
