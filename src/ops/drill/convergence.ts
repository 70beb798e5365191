/**
 * The end of a drill: every node must reach the same applied index and hold the same graph. The
 * graph's checksum is a SHA-256 of every node's labels and properties, read locally on each node
 * (consistency ONE, so each answers from its own store), sorted so that storage order does not count.
 */
import { createHash } from 'node:crypto'
import type { DrillHttp } from './drill-http.js'

export const GRAPH_DUMP_CYPHER = 'MATCH (n) RETURN labels(n) AS labels, properties(n) AS properties'

export interface NodeState {
  readonly node: string
  readonly appliedIndex: number | null
  readonly checksum: string | null
  readonly nodeCount: number | null
}

export interface ConvergenceResult {
  readonly ok: boolean
  readonly nodes: readonly NodeState[]
  /** Why it did not converge, for a person. */
  readonly problem?: string
}

/** Canonical JSON: object keys sorted, so two equal graphs print the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export function graphChecksum(rows: readonly (readonly unknown[])[]): string {
  const lines = rows.map((row) => canonical(row)).sort()
  return createHash('sha256').update(lines.join('\n')).digest('hex')
}

export async function readNodeState(http: DrillHttp, url: string, nodeId: string, appliedIndexPath: (body: Record<string, unknown>) => number | null): Promise<NodeState> {
  const [health, dump] = await Promise.all([http.getJson(url, '/health'), http.cypher(url, GRAPH_DUMP_CYPHER, {}, 'ONE')])
  return {
    node: nodeId,
    appliedIndex: health === undefined ? null : appliedIndexPath(health),
    checksum: dump.ok ? graphChecksum(dump.rows) : null,
    nodeCount: dump.ok ? dump.rows.length : null,
  }
}

export function healthAppliedIndex(body: Record<string, unknown>): number | null {
  const value = (body.replication as Record<string, unknown> | undefined)?.applied_index
  return typeof value === 'number' ? value : null
}

export function compareStates(states: readonly NodeState[]): ConvergenceResult {
  const missing = states.filter((state) => state.appliedIndex === null || state.checksum === null)
  if (missing.length > 0) return { ok: false, nodes: states, problem: `${missing.map((state) => state.node).join(', ')} did not answer` }
  const indexes = new Set(states.map((state) => state.appliedIndex))
  if (indexes.size > 1) return { ok: false, nodes: states, problem: `applied indexes differ: ${states.map((state) => `${state.node} ${state.appliedIndex}`).join(', ')}` }
  const checksums = new Set(states.map((state) => state.checksum))
  if (checksums.size > 1) return { ok: false, nodes: states, problem: `graph checksums differ: ${states.map((state) => `${state.node} ${state.checksum?.slice(0, 12)} (${state.nodeCount} nodes)`).join(', ')}` }
  return { ok: true, nodes: states }
}

/** Polls until every node agrees, or the time is up; the last comparison is the verdict. */
export async function waitForConvergence(http: DrillHttp, nodes: readonly { readonly url: string; readonly id: string }[], timeoutMs: number): Promise<ConvergenceResult> {
  const deadline = Date.now() + timeoutMs
  let result: ConvergenceResult
  do {
    result = compareStates(await Promise.all(nodes.map((node) => readNodeState(http, node.url, node.id, healthAppliedIndex))))
    if (result.ok) return result
    await new Promise((resolve) => setTimeout(resolve, 200))
  } while (Date.now() < deadline)
  return result
}
