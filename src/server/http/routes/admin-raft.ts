import type { FastifyInstance } from 'fastify'
import { canAdministerRaft, type AdminAnswer, type RaftAdministration } from '../../../cluster/raft-mode/raft-admin.js'
import type { Replicator } from '../../../cluster/replicator.js'
import { NornicError } from '../../../errors/index.js'

/**
 * The guide's raft admin endpoints. Membership changes and leadership transfer run on the leader
 * (a follower forwards them); every answer names the node that did the work in `node_id`.
 * Credentials are checked by the app's hook for every `/admin/` path; other modes say the
 * operation is raft-only.
 */
export function registerAdminRaftRoutes(app: FastifyInstance, replicator: Pick<Replicator, 'status'>): void {
  const raft = (): RaftAdministration => {
    if (canAdministerRaft(replicator)) return replicator
    const { mode } = replicator.status()
    throw new NornicError('Neo.ClientError.Request.Invalid', `this operation is raft-only; the node runs in ${mode} mode`, { mode })
  }

  app.get('/admin/raft/state', async () => {
    const state = raft().raftState()
    return {
      node_id: state.id, role: state.role, term: state.term, vote: state.vote, leader: state.leader,
      commit_index: state.commit, applied_index: state.applied, first_index: state.firstIndex, last_index: state.lastIndex,
      snapshot_index: state.snapshotIndex, voters: state.membership.voters, learners: state.membership.learners,
      transferee: state.transferee, members: state.members.map((member) => ({
        id: member.id, voter: member.voter, match_index: member.match ?? null, next_index: member.next ?? null,
        state: member.state ?? null, ticks_since_contact: member.ticksSinceContact ?? null,
      })),
    }
  })
  app.post('/admin/cluster/add', async (request) => {
    const body = objectBody(request.body, '{"node_id": "node-4", "address": "host:7000", "voter": true}')
    const nodeId = requiredText(body, 'node_id')
    const address = requiredText(body, 'address')
    if (!/^(\[[0-9A-Fa-f:.]+\]|[^:\s]+):\d{1,5}$/.test(address)) {
      throw new NornicError('Neo.ClientError.Request.InvalidFormat', `address is host:port (the new node's cluster port), not ${JSON.stringify(address)}`)
    }
    return snakeCase(await raft().addMember({ nodeId, address, voter: optionalFlag(body, 'voter') ?? true }))
  })
  app.post('/admin/cluster/remove', async (request) => {
    const body = objectBody(request.body, '{"node_id": "node-4", "force": false}')
    return snakeCase(await raft().removeMember({ nodeId: requiredText(body, 'node_id'), force: optionalFlag(body, 'force') ?? false }))
  })
  for (const path of ['/admin/cluster/transfer-leadership', '/admin/raft/transfer-leadership']) {
    app.post(path, async (request) => {
      const body = request.body === undefined ? {} : objectBody(request.body, '{"target": "node-2"}')
      const target = body.target ?? body.node_id
      if (target !== undefined && typeof target !== 'string') throw new NornicError('Neo.ClientError.Request.InvalidFormat', 'target is a node id')
      return snakeCase(await raft().transferLeadership(target))
    })
  }
  app.post('/admin/raft/step-down', async () => snakeCase(await raft().stepDown()))
  app.post('/admin/raft/snapshot', async () => snakeCase(await raft().snapshot()))
}

function objectBody(body: unknown, example: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new NornicError('Neo.ClientError.Request.InvalidFormat', `the body is a JSON object such as ${example}`)
  }
  return body as Record<string, unknown>
}

function requiredText(body: Record<string, unknown>, field: string): string {
  const value = body[field]
  if (typeof value !== 'string' || value === '') throw new NornicError('Neo.ClientError.Request.InvalidFormat', `${field} is required (a non-empty string)`)
  return value
}

function optionalFlag(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field]
  if (value !== undefined && typeof value !== 'boolean') throw new NornicError('Neo.ClientError.Request.InvalidFormat', `${field} is true or false`)
  return value
}

/** The API's field names are snake_case, as the guide's are. */
function snakeCase(answer: AdminAnswer): Record<string, unknown> {
  return Object.fromEntries(Object.entries(answer).map(([key, value]) => [key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`), value]))
}
