import type { Value } from '../../values.js'

/** One row of bindings flowing between operators: variable name to value. Rows are never mutated. */
export type Row = Readonly<Record<string, Value>>

export type RowStream = AsyncIterable<Row>

export function extendRow(row: Row, name: string, value: Value): Row {
  return { ...row, [name]: value }
}

export async function* singleRow(row: Row = {}): RowStream {
  yield row
}
