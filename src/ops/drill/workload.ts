/**
 * The drill's clients: W concurrent processes that add unique values to an insert-only set and
 * read, write and compare-and-set a few registers, each op recorded as invoke then ok, fail or
 * info. Values are unique per process (process * 1e6 + counter), so a value seen anywhere names
 * the one op that wrote it, which keeps the checkers' search small and their explanations exact.
 */
import type { HistoryRecorder } from './history-recorder.js'
import type { OperationFunction } from './history.js'
import type { Consistency, CypherAnswer, DrillHttp } from './drill-http.js'
import { classifyOutcome } from './outcome.js'

export const SET_KEY = 'set'
export const REGISTER_KEYS = ['r0', 'r1', 'r2'] as const
const FAILURE_BACKOFF_MS = 50

/** The Cypher of each op. Register reads ask for QUORUM (ReadIndex), so a linearizable cluster answers linearizably. */
export const WORKLOAD_CYPHER = {
  add: 'CREATE (:DrillElement {value: $value})',
  readSet: 'MATCH (e:DrillElement) RETURN e.value AS value',
  write: 'MERGE (r:DrillRegister {key: $key}) SET r.value = $value',
  read: 'MATCH (r:DrillRegister {key: $key}) RETURN r.value AS value',
  cas: 'MATCH (r:DrillRegister {key: $key}) WHERE r.value = $expected SET r.value = $value RETURN count(r) AS changed',
} as const

/** Where a process sends its next op; `moveOn` is called after an op that was not `ok`. */
export interface TargetChooser {
  node(process: number): string
  moveOn(process: number): void
}

/** Spreads processes over the nodes; a process that gets no `ok` moves to the next node. */
export function roundRobinTargets(nodes: () => readonly string[]): TargetChooser {
  const offsets = new Map<number, number>()
  return {
    node(process) {
      const list = nodes()
      return list[(process + (offsets.get(process) ?? 0)) % list.length] as string
    },
    moveOn(process) {
      offsets.set(process, (offsets.get(process) ?? 0) + 1)
    },
  }
}

export interface WorkloadOptions {
  readonly clients: number
  readonly http: Pick<DrillHttp, 'cypher'>
  readonly recorder: HistoryRecorder
  readonly targets: TargetChooser
  /** The node id a URL belongs to, for the history's `node` field. */
  readonly nodeId: (url: string) => string
  /** A pause between one process's ops, so the history stays a size the checkers finish quickly. */
  readonly pauseMs: number
  /** Picks the op; tests pin it. */
  readonly random?: () => number
}

export interface RunningWorkload {
  /** Stops every process after its current op and resolves when all have. */
  stop(): Promise<void>
}

export function startWorkload(options: WorkloadOptions): RunningWorkload {
  let stopped = false
  const random = options.random ?? Math.random
  const loops = Array.from({ length: options.clients }, async (_, process) => {
    const known = new Map<string, unknown>()
    let counter = 0
    while (!stopped) {
      counter += 1
      const ok = await runOne(options, process, process * 1_000_000 + counter, random(), random, known)
      // Backing off after a failure keeps a cluster that is down from filling the history with refusals.
      const pause = ok ? options.pauseMs : Math.max(options.pauseMs, FAILURE_BACKOFF_MS)
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause))
    }
  })
  return {
    async stop() {
      stopped = true
      await Promise.all(loops)
    },
  }
}

/** Runs one op; resolves true when the node answered (a cas that matched nothing included). */
async function runOne(options: WorkloadOptions, process: number, unique: number, dice: number, random: () => number, known: Map<string, unknown>): Promise<boolean> {
  const key = REGISTER_KEYS[Math.floor(random() * REGISTER_KEYS.length)] as string
  const node = options.targets.node(process)
  const nodeId = options.nodeId(node)
  const cypher = (statement: string, parameters: Record<string, unknown>, consistency: Consistency = 'ONE'): Promise<CypherAnswer> =>
    options.http.cypher(node, statement, parameters, consistency)
  /** Records the invoke, sends, and records ok or what the failure says; `judge` may turn an answer into a `fail`. */
  const run = async (f: OperationFunction, opKey: string, value: unknown, send: () => Promise<CypherAnswer>, judge: (rows: readonly (readonly unknown[])[]) => { ok: boolean; read?: unknown }): Promise<CypherAnswer> => {
    const pending = options.recorder.invoke(process, f, opKey, value, nodeId)
    const answer = await send()
    if (answer.ok) {
      const verdict = judge(answer.rows)
      if (verdict.ok) pending.ok(verdict.read)
      else pending.fail()
      return answer
    }
    if (classifyOutcome(answer.result) === 'fail') pending.fail()
    else pending.info()
    options.targets.moveOn(process)
    return answer
  }
  const applied = (): { ok: boolean } => ({ ok: true })

  if (dice < 0.4) return (await run('add', SET_KEY, unique, () => cypher(WORKLOAD_CYPHER.add, { value: unique }), applied)).ok
  if (dice < 0.6 || (dice >= 0.8 && !known.has(key))) {
    const answer = await run('read', key, null, () => cypher(WORKLOAD_CYPHER.read, { key }, 'QUORUM'), (rows) => ({ ok: true, read: rows[0]?.[0] ?? null }))
    if (answer.ok) known.set(key, answer.rows[0]?.[0] ?? null)
    return answer.ok
  }
  if (dice < 0.8) {
    const answer = await run('write', key, unique, () => cypher(WORKLOAD_CYPHER.write, { key, value: unique }), applied)
    if (answer.ok) known.set(key, unique)
    return answer.ok
  }
  // A cas that ran and matched nothing did not happen: `fail`, in Jepsen's terms, not an error.
  const expected = known.get(key)
  const answer = await run('cas', key, [expected, unique], () => cypher(WORKLOAD_CYPHER.cas, { key, expected, value: unique }), (rows) => ({ ok: Number(rows[0]?.[0] ?? 0) > 0 }))
  if (answer.ok && Number(answer.rows[0]?.[0] ?? 0) > 0) known.set(key, unique)
  else known.delete(key)
  return answer.ok
}
