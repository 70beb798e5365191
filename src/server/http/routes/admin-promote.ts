import type { FastifyInstance } from 'fastify'
import { canPromote, type Replicator } from '../../../cluster/replicator.js'
import { NornicError } from '../../../errors/index.js'

/**
 * `POST /admin/promote` (body optional: `{"force": true}`): makes this node the primary. The standby fences
 * the old primary first; when it cannot reach it, it refuses unless `force` is given, because two
 * primaries could then both take writes. Modes without promotion say so.
 */
export function registerAdminPromoteRoute(app: FastifyInstance, replicator: Pick<Replicator, 'status'>): void {
  app.post('/admin/promote', async (request) => {
    if (!canPromote(replicator)) {
      const { mode } = replicator.status()
      throw new NornicError('Neo.ClientError.Request.Invalid', `promote is not supported in ${mode} mode; in raft mode use leadership transfer`, { mode })
    }
    const body = request.body
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
      throw new NornicError('Neo.ClientError.Request.InvalidFormat', 'the promote body is a JSON object such as {"force": true}')
    }
    const force = (body as { force?: unknown } | undefined)?.force
    if (force !== undefined && typeof force !== 'boolean') {
      throw new NornicError('Neo.ClientError.Request.InvalidFormat', `force is true or false, not ${JSON.stringify(String(force))}`)
    }
    const result = await replicator.promote({ force: force === true })
    return { promoted: result.promoted, node_id: result.nodeId, role: result.role, epoch: result.epoch, fenced: result.fenced, message: result.message }
  })
}
