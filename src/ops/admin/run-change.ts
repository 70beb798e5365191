import { isNornicError, NornicError } from '../../errors/index.js'
import type { AdminContext } from '../cli/admin-flags.js'
import type { ClusterView } from './cluster-view.js'
import { fetchClusterView } from './fetch-cluster-view.js'
import type { ChangePlan } from './membership-plan.js'

export interface ChangeRequest {
  readonly path: string
  readonly body: Record<string, unknown>
}

export interface ChangeOptions {
  readonly plan: (view: ClusterView) => ChangePlan
  readonly request: (plan: ChangePlan) => ChangeRequest
  /** The cluster looks as asked. */
  readonly converged: (view: ClusterView, plan: ChangePlan, before: ClusterView) => boolean
  readonly dryRun: boolean
  /** undefined where the command has no --force. */
  readonly force: boolean | undefined
  /** 0: do not wait. */
  readonly waitMs: number
}

export interface ChangeOutcome {
  readonly plan: ChangePlan
  readonly dryRun: boolean
  /** The change was sent (and accepted). */
  readonly sent: boolean
  /** The cluster looked as asked within the wait; null when not waited for. */
  readonly converged: boolean | null
  readonly before: ClusterView
  readonly after: ClusterView | null
  /** What the node that did the work answered. */
  readonly answer: unknown
}

const POLL_MS = 200

/**
 * Looks at the cluster, decides whether the change is safe, and (unless a dry run) sends it once to
 * the node that just answered: membership changes are never retried behind the operator's back. Then
 * waits, bounded, until the cluster looks as asked.
 */
export async function runChange(context: AdminContext, options: ChangeOptions): Promise<ChangeOutcome> {
  const before = await fetchClusterView(context)
  const plan = options.plan(before)
  if (options.dryRun || plan.alreadyDone) {
    return { plan, dryRun: options.dryRun, sent: false, converged: plan.alreadyDone ? true : null, before, after: null, answer: null }
  }
  if (!plan.safe && options.force !== true) {
    const override = options.force === false ? ' (--force overrides)' : ''
    throw new NornicError('Nornic.Cluster.ChangeRefused', `refused to ${plan.action}: ${plan.reasons.join('; ')}${override}`, { reasons: plan.reasons })
  }
  const { path, body } = options.request(plan)
  // A node runs some changes to their end before it answers (adding a voter waits for it to catch
  // up), so the request may take as long as the operator is willing to wait.
  const deadline = Date.now() + options.waitMs
  let answer: unknown = null
  try {
    answer = (await context.client.post(before.answeredBy, path, { ...body, ...(options.force === true ? { force: true } : {}) }, Math.max(context.timeoutMs, options.waitMs))).body
  } catch (error) {
    // Timed out after it was sent: the change may be under way; what the cluster shows decides.
    const timedOut = isNornicError(error) && error.code === 'Nornic.Cli.NodeUnreachable' && error.facts.timedOut === true
    if (!timedOut || options.waitMs === 0) throw error
  }
  if (options.waitMs === 0) return { plan, dryRun: false, sent: true, converged: null, before, after: null, answer }
  let after: ClusterView | null = null
  for (let attempt = 0; attempt < Math.ceil(options.waitMs / POLL_MS) + 1; attempt++) {
    after = await fetchClusterView(context).catch(() => null)
    if (after !== null && options.converged(after, plan, before)) return { plan, dryRun: false, sent: true, converged: true, before, after, answer }
    if (Date.now() > deadline) break
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
  return { plan, dryRun: false, sent: true, converged: false, before, after, answer }
}
