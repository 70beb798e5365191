import { isNornicError, NornicError } from '../../errors/index.js'
import type { AdminContext } from '../cli/admin-flags.js'

export interface NodeRole {
  readonly node: string
  readonly nodeId: string | null
  readonly role: string
  readonly epoch: number | null
}

export interface PromoteOutcome {
  readonly promoted: string
  /** True once the promoted node reported itself primary within the wait. */
  readonly converged: boolean
  readonly fenced: boolean | null
  readonly message: string
  readonly roles: readonly NodeRole[]
}

type HealthBody = { replication?: { node_id?: string; role?: string; epoch?: number | bigint } }

async function roleOf(context: AdminContext, node: string): Promise<NodeRole> {
  try {
    const { body } = await context.client.get<HealthBody>(node, '/health')
    const replication = body.replication ?? {}
    const epoch = replication.epoch === undefined ? null : Number(replication.epoch)
    return { node, nodeId: replication.node_id ?? null, role: replication.role ?? 'unknown', epoch }
  } catch (error) {
    if (isNornicError(error) && error.code === 'Nornic.Cli.NodeUnreachable') return { node, nodeId: null, role: 'unreachable', epoch: null }
    throw error
  }
}

/**
 * Promotes the hot standby among the given nodes (or the one node given), then waits up to `waitMs`
 * for it to report itself primary. Never retried: a promotion is an operator's decision.
 */
export async function promoteStandby(context: AdminContext, options: { force: boolean; waitMs: number }): Promise<PromoteOutcome> {
  const before = await Promise.all(context.nodes.map((node) => roleOf(context, node)))
  const candidates = context.nodes.length === 1 ? before : before.filter((entry) => entry.role === 'standby')
  const target = candidates[0]
  if (target === undefined) {
    const seen = before.map((entry) => `${entry.node} is ${entry.role}`).join(', ')
    throw new NornicError('Neo.ClientError.Request.Invalid', `no standby among the nodes given (${seen}); name the standby with --node`)
  }
  const { body } = await context.client.post<{ fenced?: boolean; message?: string }>(target.node, '/admin/promote', { force: options.force })
  const deadline = Date.now() + options.waitMs
  let converged = false
  for (let attempt = 0; attempt < 10_000 && Date.now() <= deadline; attempt++) {
    if ((await roleOf(context, target.node)).role === 'primary') {
      converged = true
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const roles = await Promise.all(context.nodes.map((node) => roleOf(context, node)))
  return { promoted: target.node, converged, fenced: body.fenced ?? null, message: body.message ?? '', roles }
}
