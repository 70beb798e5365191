import type { ApplyOutcome } from './state-machine.js'

export interface Waiter<T> {
  readonly resolve: (value: T) => void
  readonly reject: (error: Error) => void
}

/** How an applied entry ended for its proposer. */
export type Outcome = ApplyOutcome<unknown>

interface Proposal extends Waiter<unknown> {
  readonly term: number
}

/**
 * Proposals waiting for their entry to be applied, by log index. An entry applied at that
 * index with the proposal's term is the proposal's; with another term, the proposal's entry was
 * overwritten by a later leader and will never be applied.
 */
export class PendingProposals {
  readonly #byIndex = new Map<number, Proposal>()

  get size(): number {
    return this.#byIndex.size
  }

  add(index: number, term: number, waiter: Waiter<unknown>): void {
    this.#byIndex.set(index, { ...waiter, term })
  }

  /** Settles the proposal at `index` (if any) now that the entry there, of `term`, was applied. */
  settle(index: number, term: number, outcome: Outcome, overwritten: (index: number) => Error): void {
    const proposal = this.#byIndex.get(index)
    if (proposal === undefined) return
    this.#byIndex.delete(index)
    if (proposal.term !== term) proposal.reject(overwritten(index))
    else if (outcome.ok) proposal.resolve(outcome.value)
    else proposal.reject(outcome.error)
  }

  /** Rejects every proposal at or below `index` (they were passed over, e.g. by a snapshot). */
  rejectUpTo(index: number, error: (index: number) => Error): void {
    for (const [at, proposal] of this.#byIndex) {
      if (at > index) continue
      this.#byIndex.delete(at)
      proposal.reject(error(at))
    }
  }

  rejectAll(error: (index: number) => Error): void {
    this.rejectUpTo(Number.MAX_SAFE_INTEGER, error)
  }
}

interface Read extends Waiter<void> {
  /** Known once the leader confirmed it; the read may run when the applied index reaches it. */
  index: number | undefined
  readonly deadlineTick: number
}

/** Linearizable reads waiting for the leader's read index and then for the local apply to reach it. */
export class PendingReads {
  readonly #byContext = new Map<string, Read>()

  get size(): number {
    return this.#byContext.size
  }

  add(context: string, deadlineTick: number, waiter: Waiter<void>): void {
    this.#byContext.set(context, { ...waiter, index: undefined, deadlineTick })
  }

  confirmed(context: string, index: number): void {
    const read = this.#byContext.get(context)
    if (read !== undefined) read.index = index
  }

  /** Releases every confirmed read whose index is applied. */
  release(applied: number): void {
    for (const [context, read] of this.#byContext) {
      if (read.index === undefined || read.index > applied) continue
      this.#byContext.delete(context)
      read.resolve()
    }
  }

  /** Rejects reads still unconfirmed at `tick`: the request or its answer was lost. */
  expire(tick: number, error: () => Error): void {
    for (const [context, read] of this.#byContext) {
      if (read.index !== undefined || read.deadlineTick > tick) continue
      this.#byContext.delete(context)
      read.reject(error())
    }
  }

  rejectAll(error: Error): void {
    for (const read of this.#byContext.values()) read.reject(error)
    this.#byContext.clear()
  }
}
