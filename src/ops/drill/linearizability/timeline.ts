import { valueKey, type Operation } from '../history.js'

/**
 * The history of one partition as the search walks it: only the returns matter, because an op is
 * linearized "just in time", at the latest return it must precede (see DESIGN.md). For each return
 * the timeline keeps which other acknowledged ops are open there and how many `info` ops have been
 * invoked by then.
 */
export interface Timeline {
  readonly operations: readonly Operation[]
  readonly returns: readonly Checkpoint[]
  /** Ids of the `info` ops, in invoke order; the first `infoInvoked` of a checkpoint are open there. */
  readonly infoOrder: readonly number[]
  /** Per op id: what the op does, equal for ops that are interchangeable when neither returns. */
  readonly effectKeys: readonly string[]
}

export interface Checkpoint {
  /** The op that returns here. */
  readonly operation: number
  /** Other `ok` ops invoked before this return that have not returned yet. */
  readonly openOk: readonly number[]
  readonly infoInvoked: number
}

const INVOKE = 0
const RETURN = 1

/**
 * Orders invokes and returns by time. On a tie the invoke goes first: two ops that touch at one
 * clock reading may have overlapped, and calling them concurrent can only allow more orders, so a
 * coarse clock never causes a false "not linearizable".
 * `operations` must hold only `ok` and `info` ops (a `fail` surely did not happen).
 */
export function buildTimeline(operations: readonly Operation[]): Timeline {
  const entries: { time: number; kind: number; id: number }[] = []
  operations.forEach((operation, id) => {
    entries.push({ time: operation.invokeTime, kind: INVOKE, id })
    if (operation.outcome === 'ok') entries.push({ time: operation.completeTime as number, kind: RETURN, id })
  })
  entries.sort((a, b) => a.time - b.time || a.kind - b.kind || a.id - b.id)
  const openOk = new Set<number>()
  const infoOrder: number[] = []
  const returns: Checkpoint[] = []
  for (const { kind, id } of entries) {
    if (kind === RETURN) {
      openOk.delete(id)
      returns.push({ operation: id, openOk: [...openOk], infoInvoked: infoOrder.length })
    } else if ((operations[id] as Operation).outcome === 'info') {
      infoOrder.push(id)
    } else {
      openOk.add(id)
    }
  }
  const effectKeys = operations.map((operation) => `${operation.f} ${valueKey(operation.value)}`)
  return { operations, returns, infoOrder, effectKeys }
}
