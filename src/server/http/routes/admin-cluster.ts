import type { FastifyInstance } from 'fastify'
import type { PeerStatus, Replicator } from '../../../cluster/replicator.js'
import { replicationBlock } from './health.js'

/**
 * Read-only admin views of replication, from the one status shape every mode shares:
 * `/admin/cluster/status` (the whole picture), `/admin/replication/lag` and `/admin/wal/position`.
 * Credentials are checked by the app's hook for every `/admin/` path.
 */
export function registerAdminClusterRoutes(app: FastifyInstance, replicator: Pick<Replicator, 'status'>): void {
  app.get('/admin/cluster/status', async () => {
    const status = replicator.status()
    const self = { id: status.nodeId, state: status.role, healthy: status.state === 'ready' }
    const leader = status.isLeader ? { id: status.nodeId } : status.primary === undefined ? null : { id: status.primary.id, http_url: status.primary.httpUrl }
    return {
      ...replicationBlock(status),
      leader,
      members: [self, ...status.peers.map((peer) => ({ id: peer.id, address: peer.address, healthy: peer.healthy, ...raftMemberDetails(peer) }))],
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

/** Raft: whether the member votes and, as the leader sees it, its match index, lag and last contact. */
function raftMemberDetails(peer: PeerStatus): Record<string, unknown> {
  const details = { voter: peer.voter, match_index: peer.matchIndex, lag_entries: peer.lagEntries, last_contact_ms: peer.lastContactMs }
  return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined))
}
