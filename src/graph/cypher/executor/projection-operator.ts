import { NornicError } from '../../../errors/index.js'
import type { Value } from '../../values.js'
import { DistinctAggregator, countRows, type AggregateFunction, type Aggregator } from '../functions/index.js'
import { orderValues, rowKey, setEntry, typeName } from '../values/index.js'
import type { Evaluator } from './evaluator.js'
import type { Operator } from './operator.js'
import type { QueryContext } from './query-context.js'
import type { Row, RowStream } from './row.js'

export interface ProjectedItem {
  readonly name: string
  readonly value: Evaluator
}

/** One aggregate call of a projection; `fn` undefined means count(*). */
export interface AggregateCall {
  readonly slot: string
  readonly fn: AggregateFunction | undefined
  readonly distinct: boolean
  readonly args: readonly Evaluator[]
}

export interface SortKey {
  readonly value: Evaluator
  readonly descending: boolean
}

export interface ProjectionSpec {
  readonly items: readonly ProjectedItem[]
  /** Items without aggregates: the grouping keys when `aggregates` is not empty. */
  readonly groupingItems: readonly ProjectedItem[]
  readonly aggregates: readonly AggregateCall[]
  readonly distinct: boolean
  readonly orderBy: readonly SortKey[]
  readonly skip: Evaluator | undefined
  readonly limit: Evaluator | undefined
  readonly where: Evaluator | undefined
  /** ORDER BY and WHERE may read the input row's variables too (not after DISTINCT or aggregation). */
  readonly sortSeesInput: boolean
  /**
   * Pull every input row even past LIMIT: an earlier write clause in the query must still make
   * all its changes (`CREATE ... RETURN n LIMIT 0` creates). Reads stop pulling at the limit.
   */
  readonly drainInput: boolean
}

interface Projected {
  readonly output: Row
  readonly sortRow: Row
}

/** WITH and RETURN: projection, grouping and aggregation, DISTINCT, ORDER BY, SKIP, LIMIT, WHERE. */
export class ProjectionOperator implements Operator {
  constructor(
    readonly name: string,
    readonly details: string,
    private readonly spec: ProjectionSpec,
  ) {}

  async *run(input: RowStream, context: QueryContext): RowStream {
    const skip = await this.count(this.spec.skip, 'SKIP', context)
    const limit = await this.count(this.spec.limit, 'LIMIT', context)
    let rows: AsyncIterable<Projected> = this.spec.aggregates.length > 0 ? this.aggregate(input, context) : this.project(input, context)
    if (this.spec.distinct) rows = distinct(rows)
    if (this.spec.orderBy.length > 0) rows = await this.sort(rows, context)
    let skipped = 0
    let taken = 0
    for await (const { output, sortRow } of rows) {
      if (taken >= limit) {
        if (this.spec.drainInput) continue
        return
      }
      if (skipped < skip) {
        skipped++
        continue
      }
      taken++
      if (this.spec.where === undefined || (await this.spec.where(sortRow, context)) === true) yield output
    }
  }

  private async *project(input: RowStream, context: QueryContext): AsyncIterable<Projected> {
    for await (const row of input) {
      const output: Record<string, Value> = {}
      for (const item of this.spec.items) setEntry(output, item.name, await item.value(row, context))
      yield { output, sortRow: this.spec.sortSeesInput ? { ...row, ...output } : output }
    }
  }

  private async *aggregate(input: RowStream, context: QueryContext): AsyncIterable<Projected> {
    const groups = new Map<string, { first: Row; keys: Value[]; aggregators: Aggregator[] }>()
    for await (const row of input) {
      const keys: Value[] = []
      for (const item of this.spec.groupingItems) keys.push(await item.value(row, context))
      const key = rowKey(keys)
      let group = groups.get(key)
      if (group === undefined) {
        group = { first: row, keys, aggregators: this.spec.aggregates.map(newAggregator) }
        groups.set(key, group)
      }
      for (let i = 0; i < this.spec.aggregates.length; i++) {
        const call = this.spec.aggregates[i]!
        if (call.fn === undefined) {
          group.aggregators[i]!.add(null, [])
          continue
        }
        const [first, ...rest] = call.args
        const value = first === undefined ? null : await first(row, context)
        if (value === null) continue
        const extra: Value[] = []
        for (const arg of rest) extra.push(await arg(row, context))
        group.aggregators[i]!.add(value, extra)
      }
    }
    if (groups.size === 0 && this.spec.groupingItems.length === 0) {
      groups.set('', { first: {}, keys: [], aggregators: this.spec.aggregates.map(newAggregator) })
    }
    for (const group of groups.values()) {
      const base: Record<string, Value> = { ...group.first }
      this.spec.aggregates.forEach((call, i) => (base[call.slot] = group.aggregators[i]!.result()))
      const output: Record<string, Value> = {}
      for (const item of this.spec.items) setEntry(output, item.name, await item.value(base, context))
      yield { output, sortRow: output }
    }
  }

  private async sort(rows: AsyncIterable<Projected>, context: QueryContext): Promise<AsyncIterable<Projected>> {
    const keyed: { row: Projected; keys: Value[] }[] = []
    for await (const row of rows) {
      const keys: Value[] = []
      for (const key of this.spec.orderBy) keys.push(await key.value(row.sortRow, context))
      keyed.push({ row, keys })
    }
    keyed.sort((a, b) => {
      for (let i = 0; i < this.spec.orderBy.length; i++) {
        const sign = orderValues(a.keys[i] ?? null, b.keys[i] ?? null)
        if (sign !== 0) return this.spec.orderBy[i]!.descending ? -sign : sign
      }
      return 0
    })
    return (async function* () {
      for (const { row } of keyed) yield row
    })()
  }

  private async count(expression: Evaluator | undefined, clause: string, context: QueryContext): Promise<number> {
    if (expression === undefined) return clause === 'LIMIT' ? Number.POSITIVE_INFINITY : 0
    const value = await expression({}, context)
    if (typeof value !== 'bigint') {
      throw new NornicError('Neo.ClientError.Statement.SyntaxError', `${clause} expects a non-negative Integer, got ${typeName(value)}`, {
        clause,
        detail: 'InvalidArgumentType',
      })
    }
    if (value < 0n) {
      throw new NornicError('Neo.ClientError.Statement.SyntaxError', `${clause} expects a non-negative Integer, got ${value}`, {
        clause,
        detail: 'NegativeIntegerArgument',
      })
    }
    return Number(value)
  }
}

function newAggregator(call: AggregateCall): Aggregator {
  const base = call.fn === undefined ? countRows() : call.fn.create()
  return call.distinct ? new DistinctAggregator(base) : base
}

async function* distinct(rows: AsyncIterable<Projected>): AsyncIterable<Projected> {
  const seen = new Set<string>()
  for await (const row of rows) {
    const key = rowKey(Object.values(row.output))
    if (seen.has(key)) continue
    seen.add(key)
    yield row
  }
}
