import { describeOperation, valueKey, type Operation } from '../history.js'
import { registerModel } from './register-model.js'
import { searchLinearization, type LinearizedStep, type SearchBudget } from './search.js'
import { buildTimeline } from './timeline.js'

export interface RegisterCheckOptions {
  /** What a key never written reads as. */
  readonly initialValue?: unknown
  /** Configurations the search may expand for each key (default 2,000,000). */
  readonly maxConfigurations?: number
  /** Gives up after this long over all keys, measured with `now` (default performance.now). */
  readonly timeLimitMs?: number
  readonly now?: () => number
}

export interface NonLinearizableExplanation {
  /** The longest order found for this key that respects real time and register semantics. */
  readonly linearized: readonly LinearizedStep<string>[]
  /** The op that returned but could not be placed after that order, nor after any other. */
  readonly unplaceable: Operation
  /** The register's value (JSON text) just before the op that could not be placed. */
  readonly valueBefore: string
  /** The same, for a person: the last few ops of the order and the op that broke it. */
  readonly message: string
}

/**
 * `ok` is true only when every key was proven linearizable; `unknown` (the budget ran out) is
 * never a pass. Keys are searched in name order, stopping at the first that is not linearizable;
 * a key that comes out unknown does not stop the others, so a clear failure elsewhere is still found.
 */
export type RegisterCheckResult =
  | { readonly ok: true; readonly verdict: 'linearizable'; readonly keys: number; readonly configurations: number }
  | { readonly ok: false; readonly verdict: 'not-linearizable'; readonly key: string; readonly explanation: NonLinearizableExplanation; readonly configurations: number }
  | { readonly ok: false; readonly verdict: 'unknown'; readonly key: string; readonly reason: string; readonly configurations: number }

export const DEFAULT_MAX_CONFIGURATIONS = 2_000_000
const EXPLANATION_TAIL = 8

/**
 * Checks the register operations (read, write, cas) of a history, one key at a time: a history of
 * independent registers is linearizable exactly when each key's is (P-compositionality).
 * `fail` ops are dropped (they did not happen); `info` reads are dropped (they constrain nothing);
 * `info` writes and cas may take effect at any time after their invoke, or never.
 */
export function checkRegisters(operations: readonly Operation[], options: RegisterCheckOptions = {}): RegisterCheckResult {
  const model = registerModel(options.initialValue ?? null)
  const now = options.now ?? (() => performance.now())
  const budget: SearchBudget = {
    maxConfigurations: options.maxConfigurations ?? DEFAULT_MAX_CONFIGURATIONS,
    ...(options.timeLimitMs === undefined ? {} : { deadline: now() + options.timeLimitMs, now }),
  }
  const partitions = partitionByKey(operations)
  let configurations = 0
  let unknown: { key: string; reason: string } | undefined
  for (const [key, partition] of partitions) {
    const result = searchLinearization(buildTimeline(partition), model, budget)
    configurations += result.configurations
    if (result.verdict === 'not-linearizable') {
      const { linearized, unplaceable, stateBefore } = result
      const explanation = { linearized, unplaceable, valueBefore: stateBefore, message: explain(key, linearized, unplaceable, stateBefore) }
      return { ok: false, verdict: 'not-linearizable', key, explanation, configurations }
    }
    if (result.verdict === 'unknown') {
      unknown ??= { key, reason: result.reason }
    }
  }
  if (unknown !== undefined) return { ok: false, verdict: 'unknown', ...unknown, configurations }
  return { ok: true, verdict: 'linearizable', keys: partitions.size, configurations }
}

/** A key with `add`s is an insert-only set (its reads list the elements): the set checker's, not ours. */
function partitionByKey(operations: readonly Operation[]): Map<string, Operation[]> {
  const setKeys = new Set(operations.filter((operation) => operation.f === 'add').map((operation) => operation.key))
  const partitions = new Map<string, Operation[]>()
  for (const operation of operations) {
    if (setKeys.has(operation.key) || operation.outcome === 'fail') continue
    if (operation.f === 'read' && operation.outcome === 'info') continue
    const partition = partitions.get(operation.key)
    if (partition === undefined) partitions.set(operation.key, [operation])
    else partition.push(operation)
  }
  const sorted = [...partitions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return new Map(sorted.map(([key, partition]) => [key, withoutUnobservedInfo(partition)]))
}

/**
 * Drops `info` writes and cas whose new value no read returned and no cas expected. Taking effect
 * would leave the register in a state no later op can use until a write replaces it, so such an op
 * can only have not mattered; dropping it keeps the search from trying it at every step.
 */
function withoutUnobservedInfo(partition: readonly Operation[]): Operation[] {
  const observed = new Set<string>()
  for (const operation of partition) {
    if (operation.f === 'read') observed.add(valueKey(operation.value))
    if (operation.f === 'cas') observed.add(valueKey((operation.value as readonly unknown[])[0]))
  }
  const written = (operation: Operation): unknown => (operation.f === 'cas' ? (operation.value as readonly unknown[])[1] : operation.value)
  return partition.filter((operation) => operation.outcome !== 'info' || observed.has(valueKey(written(operation))))
}

function explain(key: string, linearized: readonly LinearizedStep<string>[], unplaceable: Operation, valueBefore: string): string {
  const tail = linearized.slice(-EXPLANATION_TAIL).map(({ operation, stateAfter }) => `  ${describeOperation(operation)} -> ${stateAfter}`)
  const skipped = linearized.length - tail.length
  return [
    `key ${key} is not linearizable: after ${linearized.length} ops in a valid order the register holds ${valueBefore}, and no order places`,
    `  ${describeOperation(unplaceable)}`,
    `the order so far${skipped > 0 ? ` (last ${tail.length} of ${linearized.length})` : ''}:`,
    ...(tail.length > 0 ? tail : ['  (empty)']),
  ].join('\n')
}
