import type { Operation } from '../history.js'
import type { SequentialModel } from './model.js'
import type { Checkpoint, Timeline } from './timeline.js'

/** When to give up: a search that runs out answers `unknown`, never a guess. */
export interface SearchBudget {
  /** Configurations the search may expand. */
  readonly maxConfigurations: number
  /** Gives up once `now()` passes this. */
  readonly deadline?: number
  readonly now?: () => number
}

export interface LinearizedStep<State> {
  readonly operation: Operation
  readonly stateAfter: State
}

export type SearchResult<State> =
  | { readonly verdict: 'linearizable'; readonly configurations: number }
  | {
      readonly verdict: 'not-linearizable'
      readonly configurations: number
      /** The longest order found that respects real time and the model, up to the op below. */
      readonly linearized: readonly LinearizedStep<State>[]
      /** The op that returned but could not be placed after that prefix, nor after any other. */
      readonly unplaceable: Operation
      readonly stateBefore: State
    }
  | { readonly verdict: 'unknown'; readonly configurations: number; readonly reason: string }

/**
 * A configuration: every op returning before checkpoint `at` is linearized, plus the open `ok` ops
 * in `linearized` and the `info` ops in `taken` (sorted ids), and the model is in `state`. Two
 * configurations with the same key have the same futures, so each is expanded once (Lowe's
 * memoization). Beyond that, one that took a subset of another's `info` ops, all else equal, can
 * do everything the other can (an info op may always be taken later, or never), so the other is
 * skipped: without this, every open info op would multiply the work after each wrong turn.
 */
interface Configuration<State> {
  readonly at: number
  readonly state: State
  readonly linearized: readonly number[]
  readonly taken: readonly number[]
  /** `at`, state and `linearized`: configurations that differ only in `taken` share it. */
  readonly base: string
  readonly key: string
}

/** How a configuration was first reached, to rebuild the order that led to the deepest one. */
interface Arrival {
  readonly from: string | undefined
  readonly operation: number
}

/** Reading the clock costs more than a step; look at it on the first step and then every so often. */
const DEADLINE_CHECK_EVERY = 1024

/**
 * Just-in-time linearization over one partition: depth first, each configuration at a return of
 * op `o` not yet linearized branches into "linearize o now and move on" (tried first) or
 * "linearize another open op first". Reaching the end of the returns proves the history
 * linearizable; `info` ops not taken by then are ops that never took effect.
 */
export function searchLinearization<State>(
  timeline: Timeline,
  model: SequentialModel<State>,
  budget: SearchBudget,
): SearchResult<State> {
  const { operations, returns, infoOrder, effectKeys } = timeline
  const isInfo = new Set(infoOrder)
  const configuration = (at: number, state: State, linearized: readonly number[], taken: readonly number[]): Configuration<State> => {
    const base = `${at}|${model.stateKey(state)}|${linearized.join(',')}`
    return { at, state, linearized, taken, base, key: `${base}|${taken.join(',')}` }
  }
  /** Moves past returns of ops already linearized: they need nothing more. */
  const settle = (at: number, state: State, linearized: readonly number[], taken: readonly number[]): Configuration<State> => {
    let rest = linearized
    while (at < returns.length) {
      const returning = (returns[at] as Checkpoint).operation
      if (!rest.includes(returning)) break
      rest = rest.filter((id) => id !== returning)
      at += 1
    }
    return configuration(at, state, rest, taken)
  }

  const arrivals = new Map<string, Arrival>()
  const takenByBase = new Map<string, (readonly number[])[]>()
  const start = settle(0, model.initial, [], [])
  arrivals.set(start.key, { from: undefined, operation: -1 })
  takenByBase.set(start.base, [start.taken])
  // An entry with `alternatives` set stands for the other branches of its configuration; they are
  // generated only when the search comes back to it, so a history that needs no reordering never
  // pays for them.
  const stack: { configuration: Configuration<State>; alternatives: boolean }[] = [{ configuration: start, alternatives: false }]
  let deepest = start
  let configurations = 0
  const push = (from: Configuration<State>, next: Configuration<State>, operation: number): void => {
    const seen = takenByBase.get(next.base)
    if (seen?.some((taken) => isSubset(taken, next.taken))) return
    if (seen === undefined) takenByBase.set(next.base, [next.taken])
    else seen.push(next.taken)
    arrivals.set(next.key, { from: from.key, operation })
    stack.push({ configuration: next, alternatives: false })
  }
  const dominated = (current: Configuration<State>): boolean =>
    (takenByBase.get(current.base) as (readonly number[])[]).some((taken) => taken.length < current.taken.length && isSubset(taken, current.taken))

  while (stack.length > 0) {
    const { configuration: current, alternatives } = stack.pop() as (typeof stack)[number]
    if (current.at === returns.length) return { verdict: 'linearizable', configurations }
    const checkpoint = returns[current.at] as Checkpoint
    if (alternatives) {
      for (const id of untakenInfo(current.taken, checkpoint.infoInvoked)) tryFirst(current, id)
      for (const id of checkpoint.openOk) if (!current.linearized.includes(id)) tryFirst(current, id)
      continue
    }
    if (current.taken.length > 0 && dominated(current)) continue
    configurations += 1
    if (configurations > budget.maxConfigurations) {
      return { verdict: 'unknown', configurations, reason: `the search budget of ${budget.maxConfigurations} configurations ran out` }
    }
    if (budget.deadline !== undefined && configurations % DEADLINE_CHECK_EVERY === 1 && (budget.now ?? performance.now)() > budget.deadline) {
      return { verdict: 'unknown', configurations, reason: 'the search ran out of time' }
    }
    if (current.at > deepest.at) deepest = current
    // Popped first: other ops are linearized early only when this order fails.
    stack.push({ configuration: current, alternatives: true })
    const state = model.step(current.state, operations[checkpoint.operation] as Operation)
    if (state !== undefined) push(current, settle(current.at + 1, state, current.linearized, current.taken), checkpoint.operation)
  }
  return { verdict: 'not-linearizable', configurations, ...explain(deepest) }

  function tryFirst(current: Configuration<State>, id: number): void {
    const state = model.step(current.state, operations[id] as Operation)
    if (state === undefined) return
    const next = isInfo.has(id)
      ? configuration(current.at, state, current.linearized, insertSorted(current.taken, id))
      : configuration(current.at, state, insertSorted(current.linearized, id), current.taken)
    push(current, next, id)
  }

  /**
   * The open `info` ops not yet taken, one per effect: two open info ops that write the same
   * value can stand in for each other, so trying both would only repeat the search.
   */
  function untakenInfo(taken: readonly number[], invoked: number): number[] {
    const seen = new Set<string>()
    const ids: number[] = []
    for (let index = 0; index < invoked; index += 1) {
      const id = infoOrder[index] as number
      const effect = effectKeys[id] as string
      if (taken.includes(id) || seen.has(effect)) continue
      seen.add(effect)
      ids.push(id)
    }
    return ids
  }

  function explain(last: Configuration<State>): { linearized: LinearizedStep<State>[]; unplaceable: Operation; stateBefore: State } {
    const order: number[] = []
    for (let arrival = arrivals.get(last.key); arrival !== undefined && arrival.from !== undefined; arrival = arrivals.get(arrival.from)) {
      order.push(arrival.operation)
    }
    order.reverse()
    let state = model.initial
    const linearized = order.map((id) => {
      const operation = operations[id] as Operation
      state = model.step(state, operation) as State
      return { operation, stateAfter: state }
    })
    const unplaceable = operations[(returns[last.at] as Checkpoint).operation] as Operation
    return { linearized, unplaceable, stateBefore: last.state }
  }
}

function insertSorted(ids: readonly number[], id: number): number[] {
  return [...ids, id].sort((a, b) => a - b)
}

/** Both sorted ascending. */
function isSubset(small: readonly number[], large: readonly number[]): boolean {
  if (small.length > large.length) return false
  let at = 0
  for (const id of small) {
    while (at < large.length && (large[at] as number) < id) at += 1
    if (large[at] !== id) return false
    at += 1
  }
  return true
}
