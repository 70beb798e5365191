import { emptyStats, type PlanDescription, type QueryResult } from '../../command.js'
import type { GraphReader, GraphWriter } from '../../store/graph-store.js'
import type { MapValue, Value } from '../../values.js'
import type { Query } from '../ast.js'
import { planQuery } from '../planner/plan-query.js'
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
 * Plans and runs one parsed statement. Rows stream through the operators; only the final
 * result is materialised here. EXPLAIN plans without running; PROFILE runs and counts rows.
 */
export async function executeQuery(input: ExecutionInput): Promise<QueryResult> {
  const { query, reader, writer } = input
  const stats = emptyStats()
  if (query.body.kind !== 'SingleQuery' && query.body.kind !== 'UnionQuery') {
    const result = await runSchemaCommand(query.body, reader, writer, stats)
    return { ...result, stats }
  }
  const plan = planQuery(query.body, reader.indexes())
  if (query.prefix === 'EXPLAIN') return { columns: plan.columns, rows: [], stats, plan: describePlan(plan, undefined) }
  const context = new QueryContext(reader, writer, input.parameters, input.timestamp, stats, input.randomSeed)
  const counts = query.prefix === 'PROFILE' ? new Map<object, number>() : undefined
  const rows: Value[][] = []
  for await (const row of runPlan(plan, context, counts)) {
    if (plan.columns.length > 0) rows.push(plan.columns.map((column) => row[column] ?? null))
  }
  const result: QueryResult = { columns: plan.columns, rows, stats }
  return counts === undefined ? result : { ...result, plan: describePlan(plan, counts) }
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
