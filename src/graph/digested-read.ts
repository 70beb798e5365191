import type { PlanDescription, QueryStats } from './command.js'
import type { ReadCursor } from './read-cursor.js'
import { ResultDigest } from './result-digest.js'
import type { Value } from './values.js'

/**
 * A read of a transaction that runs ahead: its rows stream as any read's do, and every row handed
 * out goes into the digest its command carries (see ExpectedRun). The digest is final once the
 * rows are done (whole) or the cursor is closed (the rows handed out so far). Before the
 * transaction's next statement runs, `hold` reads the rest into memory: that statement may change
 * what the plan would still read, and the command, applied, runs this one to its end before it.
 */
export class DigestedRead implements ReadCursor {
  readonly #digest: ResultDigest
  #held: Value[][] | undefined
  #final: string | undefined

  constructor(private readonly inner: ReadCursor) {
    this.#digest = new ResultDigest(inner.columns)
  }

  get columns(): readonly string[] {
    return this.inner.columns
  }

  get exhausted(): boolean {
    return this.#held === undefined ? this.inner.exhausted : this.#held.length === 0
  }

  /** The digest of what was handed out; undefined while rows may still be handed out. */
  get digest(): string | undefined {
    return this.#final
  }

  async next(n: number, signal?: AbortSignal): Promise<Value[][]> {
    if (this.#held !== undefined) return this.#held.splice(0, n < 0 ? this.#held.length : n)
    const rows = await this.inner.next(n, signal)
    for (const row of rows) this.#digest.add(row)
    if (this.inner.exhausted) this.#final ??= this.#digest.complete(this.inner.summary().stats)
    return rows
  }

  /** Reads every row left into memory (and into the digest); later `next` calls hand them out. */
  async hold(): Promise<void> {
    if (this.#final !== undefined) return
    this.#held = await this.next(-1)
  }

  summary(): { readonly stats: QueryStats; readonly plan?: PlanDescription } {
    return this.inner.summary()
  }

  async close(): Promise<void> {
    this.#final ??= this.#digest.partial()
    this.#held = []
    await this.inner.close()
  }
}
