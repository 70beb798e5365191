import type { QueryContext } from './query-context.js'
import type { Row, RowStream } from './row.js'

/**
 * One step of a plan. `run` pulls rows from `input` and yields its own, lazily, so a plan over
 * a million nodes holds one row at a time unless an operator must see them all (sorting,
 * aggregation, and write clauses, which finish before the next clause reads the graph).
 */
export interface Operator {
  /** The name EXPLAIN shows, e.g. NodeByLabelScan. */
  readonly name: string
  /** What EXPLAIN shows beside it: variables, label, index, predicate. */
  readonly details: string
  /** How a pattern's first node is found (index seek, label scan...), shown by EXPLAIN as leaves. */
  readonly scans?: readonly ScanDescription[]
  run(input: RowStream, context: QueryContext): RowStream
}

export interface ScanDescription {
  readonly operator: string
  readonly details: string
}

/** Takes every input row before yielding any. */
export async function collectRows(input: RowStream): Promise<Row[]> {
  const rows: Row[] = []
  for await (const row of input) rows.push(row)
  return rows
}
