import type { FastifyInstance } from 'fastify'
import type { ReplicationStatus, Replicator } from '../../../cluster/replicator.js'

/** The guide's `replication` block of /health, in its snake_case names. */
export function replicationBlock(status: ReplicationStatus): Record<string, unknown> {
  return {
    mode: status.mode,
    node_id: status.nodeId,
    role: status.role,
    is_leader: status.isLeader,
    state: status.state,
    commit_index: status.commitIndex,
    applied_index: status.appliedIndex,
    peers: status.peers,
    ...modeDetails(status),
  }
}

/** The fields only some modes have (hot standby's epoch, WAL position, lag), left out when absent. */
function modeDetails(status: ReplicationStatus): Record<string, unknown> {
  const details: Record<string, unknown> = {
    epoch: status.epoch,
    wal_position: status.walPosition,
    lag: status.lag,
    degraded: status.degraded,
    sync_mode: status.syncMode,
    primary: status.primary === undefined ? undefined : { id: status.primary.id, http_url: status.primary.httpUrl },
    discarded_entries: status.discardedEntries,
  }
  return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined))
}

/**
 * /health is the guide's summary; /health/live says the process answers (restart it if not);
 * /health/ready says it can serve queries now (send it traffic), and is 503 otherwise.
 */
export function registerHealthRoutes(app: FastifyInstance, replicator: Pick<Replicator, 'status'>): void {
  app.get('/health', async (_request, reply) => {
    const status = replicator.status()
    const healthy = status.state === 'ready'
    return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'healthy' : 'unhealthy', replication: replicationBlock(status) })
  })
  app.get('/health/live', async () => ({ status: 'alive' }))
  app.get('/health/ready', async (_request, reply) => {
    const { state } = replicator.status()
    return reply.code(state === 'ready' ? 200 : 503).send({ status: state === 'ready' ? 'ready' : 'not_ready', state })
  })
}
