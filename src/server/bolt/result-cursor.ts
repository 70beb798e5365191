import type { QueryResult, QueryStats } from '../../graph/command.js'
import { DATABASE_NAME } from '../http/routes/transaction.js'
import { toPackValue, type StructureForm } from './graph-structures.js'
import type { ResponseBatch } from './messages.js'
import type { PackMap } from './packstream.js'

/** The query types a summary names: read, write, read-write, schema. */
type QueryType = 'r' | 'w' | 'rw' | 's'

/**
 * The rows of one RUN, handed out by PULL n and skipped by DISCARD n without running the query
 * again. The graph hands a result over whole, so a cursor holds its rows; what streams is the
 * encoding and the sending, one batch per PULL.
 */
export class ResultCursor {
  #position = 0

  constructor(
    readonly columns: readonly string[],
    private readonly rows: QueryResult['rows'],
    private readonly summary: PackMap,
  ) {}

  /** `writes`: whether the statement was classified as a write, which the summary's type reports. */
  static of(result: QueryResult, writes: boolean, extraSummary: PackMap = {}): ResultCursor {
    return new ResultCursor(result.columns, result.rows, { ...summaryOf(result, writes), ...extraSummary })
  }

  /** A write held back until COMMIT: no columns and no rows now, and a notice saying so (see DESIGN.md). */
  static deferredWrite(notice: PackMap): ResultCursor {
    return new ResultCursor([], [], { type: 'w', t_last: 0n, db: DATABASE_NAME, ...notice })
  }

  /** Writes up to `n` records (all for n < 0) then SUCCESS; returns true when none are left. */
  pull(n: number, batch: ResponseBatch, form: StructureForm): boolean {
    const end = n < 0 ? this.rows.length : Math.min(this.rows.length, this.#position + n)
    for (; this.#position < end; this.#position++) {
      batch.record(this.rows[this.#position]!.map((value) => toPackValue(value, form)))
    }
    return this.#finish(batch)
  }

  /** Skips up to `n` records (all for n < 0) then SUCCESS; returns true when none are left. */
  discard(n: number, batch: ResponseBatch): boolean {
    this.#position = n < 0 ? this.rows.length : Math.min(this.rows.length, this.#position + n)
    return this.#finish(batch)
  }

  #finish(batch: ResponseBatch): boolean {
    if (this.#position < this.rows.length) {
      batch.success({ has_more: true })
      return false
    }
    batch.success(this.summary)
    return true
  }
}

function summaryOf(result: QueryResult, writes: boolean): PackMap {
  const stats: Record<string, bigint> = {}
  for (const [name, count] of Object.entries(result.stats) as [keyof QueryStats, number][]) {
    // Bolt names counters in kebab case: nodesCreated travels as nodes-created.
    if (count !== 0) stats[name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)] = BigInt(count)
  }
  const summary: Record<string, PackMap[string]> = { type: queryType(result, writes), t_last: 0n, db: DATABASE_NAME }
  if (Object.keys(stats).length > 0) summary.stats = stats
  return summary
}

function queryType(result: QueryResult, writes: boolean): QueryType {
  if (!writes) return 'r'
  const s = result.stats
  const schemaChanges = s.indexesAdded + s.indexesRemoved + s.constraintsAdded + s.constraintsRemoved
  if (schemaChanges > 0) return 's'
  return result.columns.length > 0 ? 'rw' : 'w'
}
