import type { Rng } from './rng.js'
import type { Entry, HardState, Membership, NodeId, SnapshotMeta } from './types.js'

/** Things worth telling an operator or a test about; each comes with a stable log line. */
export type RaftEventName =
  | 'becameFollower'
  | 'becamePreCandidate'
  | 'becameCandidate'
  | 'becameLeader'
  | 'preVoteRejected'
  | 'voteRejected'
  | 'leaseIgnoredVote'
  | 'staleTermRejected'
  | 'checkQuorumStepDown'
  | 'snapshotSent'
  | 'snapshotInstalled'
  | 'conflictTruncated'
  | 'membershipChanged'
  | 'removedSelfStepDown'
  | 'transferStarted'
  | 'transferTimeoutNow'
  | 'transferAborted'
  | 'leaderConnectionLost'
  | 'removedNodeIgnored'
  /** Emitted by the driver, not the core: after a round, this node knows another leader (or none). */
  | 'leaderChanged'

export interface RaftConfig {
  readonly id: NodeId
  /** T: a follower campaigns after a random timeout in [T, 2T) ticks without a leader. */
  readonly electionTicks: number
  /** A leader sends heartbeats every this many ticks; must be below electionTicks. */
  readonly heartbeatTicks: number
  /** The most entries one append carries. */
  readonly maxAppendEntries: number
  /**
   * The most characters of entry data one append carries, its first entry aside (etcd's
   * MaxSizePerMsg): a follower catching up on large writes gets several appends, each well
   * inside the cluster port's frame limit, rather than one it cannot be sent.
   */
  readonly maxAppendSize: number
  /** The most unanswered appends per follower while streaming. */
  readonly maxInflight: number
  /** Entries kept behind a snapshot so slightly lagging followers need no snapshot. */
  readonly trailingLogs: number
  /** Ask for a pre-vote before raising the term, so a rejoining node cannot disrupt (9.6). */
  readonly preVote: boolean
  /** A leader that has not heard from a quorum for an election timeout steps down. */
  readonly checkQuorum: boolean
  readonly rng: Rng
  /** Receives each notable event with a stable log line naming node, term and index. */
  readonly onEvent?: (event: RaftEventName, line: string) => void
}

export const DEFAULT_RAFT_TUNING = {
  electionTicks: 10,
  heartbeatTicks: 1,
  maxAppendEntries: 64,
  maxAppendSize: 1024 ** 2,
  maxInflight: 256,
  trailingLogs: 10000,
  preVote: true,
  checkQuorum: true,
} as const

/** What the driver read back from durable storage; a fresh node starts from bootstrapState. */
export interface RaftInitialState {
  readonly hardState: HardState
  readonly snapshot: SnapshotMeta
  /** Persisted entries after the snapshot (older ones are skipped), contiguous. */
  readonly entries: readonly Entry[]
  /**
   * The last index the state machine applied durably; nothing up to it is handed out again.
   * At least snapshot.index: a driver that crashed between persisting a snapshot and installing
   * it installs it before starting the core.
   */
  readonly applied: number
}

/**
 * The state of a node before anything was persisted. Founding members pass the initial
 * membership; a node that will be added later passes the empty membership and learns it from
 * the leader.
 */
export function bootstrapState(membership: Membership): RaftInitialState {
  return {
    hardState: { term: 0, vote: '', commit: 0 },
    snapshot: { index: 0, term: 0, membership },
    entries: [],
    applied: 0,
  }
}

/** Returns a sentence for the first setting that is out of range, or undefined when all fit. */
export function checkRaftConfig(config: RaftConfig): string | undefined {
  if (config.id === '') return 'the node id must not be empty'
  const positive = ['electionTicks', 'heartbeatTicks', 'maxAppendEntries', 'maxAppendSize', 'maxInflight'] as const
  for (const name of positive) {
    const value = config[name]
    if (!Number.isInteger(value) || value < 1) return `${name}=${value} must be a whole number of at least 1`
  }
  if (!Number.isInteger(config.trailingLogs) || config.trailingLogs < 0) {
    return `trailingLogs=${config.trailingLogs} must be a whole number of at least 0`
  }
  if (config.heartbeatTicks >= config.electionTicks) {
    return `heartbeatTicks=${config.heartbeatTicks} must be below electionTicks (${config.electionTicks})`
  }
  return undefined
}
