import { emptyStats, type PlanDescription, type QueryResult, type QueryStats } from '../../command.js'
import type { GraphReader, GraphWriter } from '../../store/graph-store.js'
import type { MapValue, Value } from '../../values.js'
import type { Query } from '../ast.js'
import { cachedPlan } from '../planner/plan-cache.js'
import type { Pipeline, QueryPlan } from '../planner/query-plan.js'
import { rowKey } from '../values/index.js'
import { QueryContext } from './query-context.js'
import { singleRow, type RowStream } from './row.js'
import { runSchemaCommand } from './schema-commands.js'

export interface ExecutionInput {
  readonly query: Query
  readonly parameters: MapValue
  readonly reader: GraphReader
  /** Present only when the statement runs inside a write. */
  readonly writer: GraphWriter | undefined
  readonly timestamp: number
  /** Seeds rand(): for a write, derived from the command, so every replica draws alike. */
  readonly randomSeed: number
}

/**
 * One statement's result as the plan produces it. Nothing runs until `rows` is read, and the plan
 * runs only as far as it is read: a caller that stops early (returns from the iteration) stops the
 * operators, and their level iterators close.
 */
export interface QueryStream {
  readonly columns: readonly string[]
  /** Read once. A statement without columns (a write without RETURN) yields none but still runs whole. */
  readonly rows: AsyncIterable<Value[]>
  /** The counts of what the statement wrote; complete once `rows` is exhausted. */
  readonly stats: QueryStats
  /** EXPLAIN's plan at once; PROFILE's once `rows` is exhausted (its row counts grow as rows flow). */
  plan(): PlanDescription | undefined
}

/**
 * Plans one parsed statement and hands its rows out as they are produced. EXPLAIN plans without
 * running; PROFILE counts rows per operator; schema commands run here, at once (they are small).
 */
export async function streamQuery(input: ExecutionInput): Promise<QueryStream> {
  const { query, reader, writer } = input
  const stats = emptyStats()
  if (query.body.kind !== 'SingleQuery' && query.body.kind !== 'UnionQuery') {
    const result = await runSchemaCommand(query.body, reader, writer, stats)
    return { columns: result.columns, rows: rowsOf(result.rows), stats, plan: () => undefined }
  }
  const plan = cachedPlan(query, query.body, reader.indexes())
  if (query.prefix === 'EXPLAIN') return { columns: plan.columns, rows: rowsOf([]), stats, plan: () => describePlan(plan, undefined) }
  const context = new QueryContext(reader, writer, input.parameters, input.timestamp, stats, input.randomSeed)
  const counts = query.prefix === 'PROFILE' ? new Map<object, number>() : undefined
  return {
    columns: plan.columns,
    rows: projected(runPlan(plan, context, counts), plan.columns),
    stats,
    plan: () => (counts === undefined ? undefined : describePlan(plan, counts)),
  }
}

/** Runs one parsed statement to its end and returns the whole result (a write's, or a short read's). */
export async function executeQuery(input: ExecutionInput): Promise<QueryResult> {
  const stream = await streamQuery(input)
  const rows: Value[][] = []
  for await (const row of stream.rows) rows.push(row)
  const plan = stream.plan()
  const result: QueryResult = { columns: stream.columns, rows, stats: stream.stats }
  return plan === undefined ? result : { ...result, plan }
}

/** The plan's rows as lists in column order; a statement with no columns is drained for its effects. */
async function* projected(stream: RowStream, columns: readonly string[]): AsyncIterable<Value[]> {
  for await (const row of stream) {
    if (columns.length > 0) yield columns.map((column) => row[column] ?? null)
  }
}

async function* rowsOf(rows: readonly (readonly Value[])[]): AsyncIterable<Value[]> {
  for (const row of rows) yield [...row]
}

function runPlan(plan: QueryPlan, context: QueryContext, counts: Map<object, number> | undefined): RowStream {
  if (plan.kind === 'pipeline') return runPipeline(plan, context, counts)
  return runUnion(plan.parts, plan.all, plan.columns, context, counts)
}

function runPipeline(pipeline: Pipeline, context: QueryContext, counts: Map<object, number> | undefined): RowStream {
  let stream: RowStream = singleRow()
  for (const operator of pipeline.operators) {
    stream = operator.run(stream, context)
    if (counts !== undefined) stream = counted(stream, operator, counts)
  }
  return stream
}

async function* runUnion(parts: readonly Pipeline[], all: boolean, columns: readonly string[], context: QueryContext, counts: Map<object, number> | undefined): RowStream {
  const seen = new Set<string>()
  for (const part of parts) {
    for await (const row of runPipeline(part, context, counts)) {
      if (!all) {
        const key = rowKey(columns.map((column) => row[column] ?? null))
        if (seen.has(key)) continue
        seen.add(key)
      }
      yield row
    }
  }
}

async function* counted(stream: RowStream, operator: object, counts: Map<object, number>): RowStream {
  counts.set(operator, 0)
  for await (const row of stream) {
    counts.set(operator, (counts.get(operator) ?? 0) + 1)
    yield row
  }
}

/** Neo4j's shape: the last operator at the root, each one's input as its child. */
function describePlan(plan: QueryPlan, counts: Map<object, number> | undefined): PlanDescription {
  if (plan.kind === 'union') {
    return { operator: 'Union', details: plan.all ? 'ALL' : '', children: plan.parts.map((part) => describePlan(part, counts)) }
  }
  let description: PlanDescription | undefined
  for (const operator of plan.operators) {
    const rows = counts?.get(operator)
    const scans = (operator.scans ?? []).map((scan): PlanDescription => ({ ...scan, children: [] }))
    description = {
      operator: operator.name,
      details: operator.details,
      ...(rows === undefined ? {} : { rows }),
      children: description === undefined ? scans : [description, ...scans],
    }
  }
  return description ?? { operator: 'EmptyResult', details: '', children: [] }
}
