import type { PeerStatus, ReplicationStatus } from '../replicator.js'
import type { RaftStatus } from '../raft/status.js'

export type Lifecycle = 'starting' | 'running' | 'stopped'

export interface RaftStatusInputs {
  readonly raft: RaftStatus
  readonly lifecycle: Lifecycle
  readonly tickMs: number
  readonly electionTimeoutMs: number
  readonly addressOf: (id: string) => string | undefined
  readonly boltAddressOf: (id: string) => string | undefined
  readonly isConnected: (id: string) => boolean
  /** Seconds the local graph has been behind the commit index (0 when caught up). */
  readonly lagSeconds: number
  readonly replicationBytes: number
  readonly leaderChanges: number
}

/** The role as the guide names it: a member that does not vote is a learner whatever its Raft role. */
function roleOf(raft: RaftStatus): string {
  if (raft.membership.learners.includes(raft.id)) return 'learner'
  if (raft.role === 'preCandidate') return 'candidate'
  return raft.role
}

/**
 * The one status shape, from the Raft engine's view. On the leader each member's match index,
 * lag and last contact are known; a member counts as healthy when it was heard from within an
 * election timeout. Elsewhere, a peer is healthy while this node's connection to it is up.
 */
export function raftReplicationStatus(inputs: RaftStatusInputs): ReplicationStatus {
  const { raft } = inputs
  const isLeader = raft.role === 'leader'
  const state = inputs.lifecycle === 'starting' ? 'starting' : inputs.lifecycle === 'stopped' ? 'stopped' : raft.leader === '' ? 'no_leader' : 'ready'
  const peers = raft.members.filter((member) => member.id !== raft.id).map((member): PeerStatus => {
    const boltAddress = inputs.boltAddressOf(member.id)
    const base = { id: member.id, address: inputs.addressOf(member.id) ?? '', voter: member.voter, ...(boltAddress === undefined ? {} : { boltAddress }) }
    if (!isLeader || member.ticksSinceContact === undefined) return { ...base, healthy: inputs.isConnected(member.id) }
    const lastContactMs = member.ticksSinceContact * inputs.tickMs
    const matchIndex = member.match ?? 0
    return {
      ...base,
      healthy: inputs.isConnected(member.id) && lastContactMs < inputs.electionTimeoutMs,
      matchIndex,
      lagEntries: Math.max(0, raft.lastIndex - matchIndex),
      lastContactMs,
    }
  })
  const lagEntries = isLeader
    ? Math.max(0, ...peers.map((peer) => peer.lagEntries ?? 0))
    : Math.max(0, raft.commit - raft.applied)
  return {
    mode: 'raft',
    nodeId: raft.id,
    role: roleOf(raft),
    isLeader,
    state,
    commitIndex: raft.commit,
    appliedIndex: raft.applied,
    peers,
    walPosition: raft.lastIndex,
    lag: { entries: lagEntries, seconds: isLeader ? 0 : inputs.lagSeconds },
    ...(raft.leader === '' || isLeader ? {} : { primary: { id: raft.leader } }),
    replicationBytes: inputs.replicationBytes,
    term: raft.term,
    leaderChanges: inputs.leaderChanges,
  }
}
