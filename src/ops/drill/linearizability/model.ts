import type { Operation } from '../history.js'

/**
 * A sequential specification the checker searches against (Porcupine's "model"). Pure: `step`
 * never mutates `state`, so the search can keep many states alive and return to any of them.
 */
export interface SequentialModel<State> {
  readonly initial: State
  /** The state after `operation` runs alone in `state`, or undefined when it cannot (a read of another value, a cas whose expected value differs). */
  step(state: State, operation: Operation): State | undefined
  /** Equal for equal states and only for them: the memo key of a search configuration. */
  stateKey(state: State): string
}
