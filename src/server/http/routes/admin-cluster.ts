import type { FastifyInstance } from 'fastify'
import type { PeerStatus, ReplicationStatus, Replicator } from '../../../cluster/replicator.js'
import { replicationBlock } from './health.js'

/**
 * Read-only admin views of replication, from the one status shape every mode shares:
 * `/admin/cluster/status` (the whole picture), `/admin/replication/lag` and `/admin/wal/position`.
 * Credentials are checked by the app's hook for every `/admin/` path.
 */
export interface ClusterIdentity {
  readonly clusterId: string
  /** This node's advertised cluster address. */
  readonly address: string
}

export function registerAdminClusterRoutes(app: FastifyInstance, replicator: Pick<Replicator, 'status'>, identity: ClusterIdentity | null): void {
  app.get('/admin/cluster/status', async () => {
    const status = replicator.status()
    const leaderId = status.isLeader ? status.nodeId : status.primary?.id
    const self = { id: status.nodeId, address: identity?.address ?? null, state: status.role, healthy: status.state === 'ready' }
    const leader = leaderId === undefined
      ? null
      : { id: leaderId, address: leaderId === status.nodeId ? self.address : status.peers.find((peer) => peer.id === leaderId)?.address ?? null, ...(status.primary?.httpUrl ? { http_url: status.primary.httpUrl } : {}) }
    return {
      cluster_id: identity?.clusterId ?? null,
      ...replicationBlock(status),
      ...(status.term === undefined ? {} : { term: status.term }),
      leader,
      members: [self, ...status.peers.map((peer) => ({
        id: peer.id, address: peer.address, state: peerRole(status, peer, leaderId), healthy: peer.healthy, ...raftMemberDetails(peer),
      }))],
    }
  })
  app.get('/admin/replication/lag', async () => {
    const status = replicator.status()
    const lag = status.lag ?? { entries: Math.max(0, status.commitIndex - status.appliedIndex), seconds: 0 }
    return { node_id: status.nodeId, role: status.role, lag_entries: lag.entries, lag_seconds: lag.seconds, applied_index: status.appliedIndex, commit_index: status.commitIndex }
  })
  app.get('/admin/wal/position', async () => {
    const status = replicator.status()
    return { node_id: status.nodeId, role: status.role, epoch: status.epoch ?? null, wal_position: status.walPosition ?? status.appliedIndex, applied_index: status.appliedIndex }
  })
}

/** A peer's role as this node sees it: the one it follows, or what the others are in this mode. */
function peerRole(status: ReplicationStatus, peer: PeerStatus, leaderId: string | undefined): string {
  if (status.mode === 'ha_standby') return peer.id === leaderId ? 'primary' : status.role === 'primary' ? 'standby' : 'unknown'
  if (peer.id === leaderId) return 'leader'
  return peer.voter === false ? 'learner' : 'follower'
}

/** Raft: whether the member votes and, as the leader sees it, its match index, lag and last contact. */
function raftMemberDetails(peer: PeerStatus): Record<string, unknown> {
  const details = { voter: peer.voter, match_index: peer.matchIndex, lag_entries: peer.lagEntries, last_contact_ms: peer.lastContactMs }
  return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined))
}
