/**
 * The terms of a contiguous run of log indexes, kept as runs of equal terms: a log holds few
 * distinct terms, so this stays a handful of numbers however many entries there are.
 */
export class TermRuns {
  /** Each run starts at `start` and lasts until the next run's start (the last one until `lastIndex`). */
  #runs: { start: number; term: number }[] = []
  #lastIndex = 0

  get lastIndex(): number | undefined {
    return this.#runs.length === 0 ? undefined : this.#lastIndex
  }

  /** The term at `index`, or undefined when it is not held. */
  termAt(index: number): number | undefined {
    if (this.#runs.length === 0 || index > this.#lastIndex) return undefined
    for (let i = this.#runs.length - 1; i >= 0; i--) {
      const run = this.#runs[i]!
      if (index >= run.start) return run.term
    }
    return undefined
  }

  /** Holds `index` with `term` after the last held index (the caller checked they follow). */
  append(index: number, term: number): void {
    const last = this.#runs.at(-1)
    if (last === undefined || last.term !== term) this.#runs.push({ start: index, term })
    this.#lastIndex = index
  }

  /** Forgets `index` and everything after it. */
  truncateFrom(index: number): void {
    this.#runs = this.#runs.filter((run) => run.start < index)
    if (this.#runs.length > 0) this.#lastIndex = Math.min(this.#lastIndex, index - 1)
  }

  /** Forgets everything before `index`. */
  dropBefore(index: number): void {
    if (this.#runs.length === 0) return
    if (index > this.#lastIndex) {
      this.#runs = []
      return
    }
    const kept = this.#runs.filter((run, i) => (this.#runs[i + 1]?.start ?? Infinity) > index)
    kept[0]!.start = Math.max(kept[0]!.start, index)
    this.#runs = kept
  }

  clear(): void {
    this.#runs = []
  }
}
