import type { QueryResult, QueryStats } from '../../graph/command.js'
import type { ReadCursor } from '../../graph/database.js'
import type { Value } from '../../graph/values.js'
import { DATABASE_NAME } from '../http/routes/transaction.js'
import { toPackValue, type StructureForm } from './graph-structures.js'
import type { ResponseBatch } from './messages.js'
import type { PackMap } from './packstream.js'

/** The query types a summary names: read, write, read-write, schema. */
type QueryType = 'r' | 'w' | 'rw' | 's'

/**
 * How many rows a PULL asks the graph for at a time. A PULL of more (or of all, n = -1) goes in
 * steps of this size, each encoded and, once the batch is large, written before the next step, so
 * a long PULL never holds its whole answer in memory.
 */
export const PULL_STEP_ROWS = 1000

/** A PULL or DISCARD stopped because a RESET jumped the queue; the session answers IGNORED. */
export class RequestInterrupted extends Error {
  override readonly name = 'RequestInterrupted'
  constructor() {
    super('the request was interrupted by a RESET')
  }
}

/**
 * The rows of one RUN, handed out by PULL n and skipped by DISCARD n without running the query
 * again. A read streams: its rows come from a ReadCursor, so the plan runs only as far as the
 * client pulls, on a view of the graph the cursor holds until it is exhausted or closed. A write's
 * result arrives whole from the replicator, and a statement of a write-mode transaction whole from
 * the transaction; they are handed out the same way.
 */
export class ResultCursor {
  readonly #rows: ReadCursor
  readonly #writes: boolean
  readonly #extraSummary: PackMap

  private constructor(rows: ReadCursor, writes: boolean, extraSummary: PackMap) {
    this.#rows = rows
    this.#writes = writes
    this.#extraSummary = extraSummary
  }

  /** A streamed read; its summary says type `r` and carries `extraSummary` (the bookmark). */
  static streamed(rows: ReadCursor, extraSummary: PackMap = {}): ResultCursor {
    return new ResultCursor(rows, false, extraSummary)
  }

  /** A result held whole; `writes`: whether the statement was classified as a write, which the summary's type reports. */
  static of(result: QueryResult, writes: boolean, extraSummary: PackMap = {}): ResultCursor {
    return new ResultCursor(new HeldRows(result), writes, extraSummary)
  }

  get columns(): readonly string[] {
    return this.#rows.columns
  }

  /**
   * Writes up to `n` records (all for n < 0) then SUCCESS; returns true when none are left. Throws
   * what the statement raises on a row (the records before it may already be sent), and
   * RequestInterrupted when `signal` aborts between steps.
   */
  async pull(n: number, batch: ResponseBatch, form: StructureForm, signal?: AbortSignal): Promise<boolean> {
    for (let left = n; left !== 0 && !this.#rows.exhausted;) {
      const rows = await this.#rows.next(left < 0 ? PULL_STEP_ROWS : Math.min(left, PULL_STEP_ROWS), signal)
      if (signal?.aborted === true) throw new RequestInterrupted()
      for (const row of rows) batch.record(row.map((value) => toPackValue(value, form)))
      if (left > 0) left -= rows.length
      if (rows.length === 0 || left === 0 || this.#rows.exhausted) break
      await batch.step()
    }
    return this.#finish(batch)
  }

  /** Skips up to `n` records (all for n < 0: the plan is stopped, not run to the end) then SUCCESS; returns true when none are left. */
  async discard(n: number, batch: ResponseBatch, signal?: AbortSignal): Promise<boolean> {
    if (n < 0) {
      await this.#rows.close()
      batch.success(this.#summary())
      return true
    }
    for (let left = n; left > 0 && !this.#rows.exhausted;) {
      const rows = await this.#rows.next(Math.min(left, PULL_STEP_ROWS), signal)
      if (signal?.aborted === true) throw new RequestInterrupted()
      left -= rows.length
      if (rows.length === 0 || left === 0 || this.#rows.exhausted) break
      await batch.step()
    }
    return this.#finish(batch)
  }

  /** Stops the statement and releases its view of the graph; harmless when already done. */
  close(): Promise<void> {
    return this.#rows.close()
  }

  #finish(batch: ResponseBatch): boolean {
    if (!this.#rows.exhausted) {
      batch.success({ has_more: true })
      return false
    }
    batch.success(this.#summary())
    return true
  }

  #summary(): PackMap {
    const stats = this.#rows.summary().stats
    return { ...summaryOf(this.#rows.columns, stats, this.#writes), ...this.#extraSummary }
  }
}

/** A whole result behind the ReadCursor interface, so a write's rows go out through the same PULL path. */
class HeldRows implements ReadCursor {
  #position = 0
  #closed = false

  constructor(private readonly result: QueryResult) {}

  get columns(): readonly string[] {
    return this.result.columns
  }

  get exhausted(): boolean {
    return this.#closed || this.#position >= this.result.rows.length
  }

  async next(n: number): Promise<Value[][]> {
    if (this.#closed) return []
    const end = n < 0 ? this.result.rows.length : Math.min(this.result.rows.length, this.#position + n)
    const rows = this.result.rows.slice(this.#position, end).map((row) => [...row])
    this.#position = end
    return rows
  }

  summary(): { readonly stats: QueryStats } {
    return { stats: this.result.stats }
  }

  async close(): Promise<void> {
    this.#closed = true
  }
}

function summaryOf(columns: readonly string[], stats: QueryStats, writes: boolean): PackMap {
  const counters: Record<string, bigint> = {}
  for (const [name, count] of Object.entries(stats) as [keyof QueryStats, number][]) {
    // Bolt names counters in kebab case: nodesCreated travels as nodes-created.
    if (count !== 0) counters[name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)] = BigInt(count)
  }
  const summary: Record<string, PackMap[string]> = { type: queryType(columns, stats, writes), t_last: 0n, db: DATABASE_NAME }
  if (Object.keys(counters).length > 0) summary.stats = counters
  return summary
}

function queryType(columns: readonly string[], stats: QueryStats, writes: boolean): QueryType {
  if (!writes) return 'r'
  const schemaChanges = stats.indexesAdded + stats.indexesRemoved + stats.constraintsAdded + stats.constraintsRemoved
  if (schemaChanges > 0) return 's'
  return columns.length > 0 ? 'rw' : 'w'
}
