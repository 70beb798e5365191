import type { PlanDescription, QueryStats } from './command.js'
import type { QueryStream } from './cypher/executor/execute-query.js'
import type { Value } from './values.js'

/**
 * A read whose rows are handed out a batch at a time, on a point-in-time view of the graph held
 * open until the last row is read or the cursor is closed. The plan runs only as far as the rows
 * asked for, plus one row looked ahead so that `exhausted` is known when a batch ends exactly at
 * the last row.
 */
export interface ReadCursor {
  readonly columns: readonly string[]
  /** Every row was handed out; the view is released. */
  readonly exhausted: boolean
  /**
   * Up to `n` rows (all that are left for n < 0). Returns early, with the rows read so far, once
   * `signal` is aborted: it is checked between rows. An error the statement raises (a division by
   * zero at row 5,000) is thrown by the call that asks for that row; the cursor is then closed.
   */
  next(n: number, signal?: AbortSignal): Promise<Value[][]>
  /** The statement's counts (and PROFILE's plan); complete once exhausted. */
  summary(): { readonly stats: QueryStats; readonly plan?: PlanDescription }
  /** Stops the plan and releases the view; waits for a running `next` to return first. Idempotent. */
  close(): Promise<void>
}

type Lookahead = { readonly kind: 'row'; readonly row: Value[] } | { readonly kind: 'error'; readonly error: unknown } | undefined

export class StreamedRead implements ReadCursor {
  readonly #stream: QueryStream
  readonly #rows: AsyncIterator<Value[]>
  readonly #release: () => Promise<void>
  #lookahead: Lookahead
  #exhausted = false
  #closed = false
  #running: Promise<unknown> = Promise.resolve()

  private constructor(stream: QueryStream, release: () => Promise<void>) {
    this.#stream = stream
    this.#rows = stream.rows[Symbol.asyncIterator]()
    this.#release = release
  }

  /**
   * Starts the stream and reads its first row, so that what a statement raises at once (a missing
   * parameter, `RETURN 1 / 0`) fails the opening, as it would fail a whole read; the view is then
   * released. `release` frees the view the stream reads from; it runs once, when the cursor is
   * exhausted, fails or is closed.
   */
  static async open(stream: QueryStream, release: () => Promise<void>): Promise<StreamedRead> {
    const cursor = new StreamedRead(stream, release)
    await cursor.#peek()
    if (cursor.#lookahead?.kind === 'error') {
      await cursor.#releaseOnce()
      throw cursor.#lookahead.error
    }
    return cursor
  }

  get columns(): readonly string[] {
    return this.#stream.columns
  }

  get exhausted(): boolean {
    return this.#exhausted
  }

  next(n: number, signal?: AbortSignal): Promise<Value[][]> {
    const batch = this.#running.then(() => this.#read(n, signal))
    this.#running = batch.catch(() => undefined)
    return batch
  }

  summary(): { readonly stats: QueryStats; readonly plan?: PlanDescription } {
    const plan = this.#stream.plan()
    return plan === undefined ? { stats: this.#stream.stats } : { stats: this.#stream.stats, plan }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#running
    // Returning from the generator runs the operators' finally blocks, which close level iterators.
    await this.#rows.return?.().catch(() => undefined)
    await this.#release()
  }

  async #read(n: number, signal: AbortSignal | undefined): Promise<Value[][]> {
    const rows: Value[][] = []
    if (this.#closed) return rows
    try {
      while ((n < 0 || rows.length < n) && signal?.aborted !== true) {
        const row = await this.#take()
        if (row === undefined) {
          this.#exhausted = true
          await this.#releaseOnce()
          return rows
        }
        rows.push(row)
      }
      if (signal?.aborted !== true) await this.#peek()
      return rows
    } catch (error) {
      // A statement that failed has ended: its generators are done, only the view is left to free.
      await this.#releaseOnce()
      throw error
    }
  }

  /** The next row, or undefined at the end; throws what the statement raised. */
  async #take(): Promise<Value[] | undefined> {
    const ahead = this.#lookahead
    this.#lookahead = undefined
    if (ahead?.kind === 'error') throw ahead.error
    if (ahead?.kind === 'row') return ahead.row
    const step = await this.#rows.next()
    return step.done === true ? undefined : step.value
  }

  /**
   * Reads one row ahead, so a batch that ends at the last row already knows it. An error raised by
   * that row belongs to the next batch: the rows of this one are good.
   */
  async #peek(): Promise<void> {
    try {
      const step = await this.#rows.next()
      if (step.done === true) {
        this.#exhausted = true
        return await this.#releaseOnce()
      }
      this.#lookahead = { kind: 'row', row: step.value }
    } catch (error) {
      this.#lookahead = { kind: 'error', error }
    }
  }

  /** Frees the view as soon as the rows are done, without waiting for the owner to close the cursor. */
  async #releaseOnce(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#release()
  }
}
