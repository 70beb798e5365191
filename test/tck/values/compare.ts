import type { QueryResult } from '../../../src/graph/command.js'
import type { Value } from '../../../src/graph/values.js'
import { canonical, type CanonicalOptions } from './canonical.js'
import { parseValue } from './notation.js'

/** What a `Then the result should be...` step says, read from its step text and table. */
export interface ExpectedResult {
  readonly columns: readonly string[]
  readonly rows: readonly (readonly Value[])[]
  /** "in order": rows compare as a sequence; otherwise as a bag. */
  readonly ordered: boolean
  /** "(ignoring element order for lists)". */
  readonly unorderedLists: boolean
}

/** Reads a result table whose first row is the header and whose cells are TCK values. */
export function expectedResult(table: readonly (readonly string[])[], ordered: boolean, unorderedLists: boolean): ExpectedResult {
  const [header = [], ...body] = table
  return { columns: header, rows: body.map((row) => row.map(parseValue)), ordered, unorderedLists }
}

/**
 * Why `actual` differs from `expected`, or undefined when it matches. Columns must be the
 * same set of names (the table's column order does not matter); rows compare as a bag
 * unless the step says "in order", in which case they compare as a sequence.
 */
export function resultMismatch(expected: ExpectedResult, actual: QueryResult): string | undefined {
  const columns = columnMismatch(expected.columns, actual.columns)
  if (columns !== undefined) return columns
  const options: CanonicalOptions = { unorderedLists: expected.unorderedLists }
  const positions = expected.columns.map((column) => actual.columns.indexOf(column))
  const expectedRows = expected.rows.map((row) => rowText(row, options))
  const actualRows = actual.rows.map((row) => rowText(positions.map((position) => row[position]), options))
  return expected.ordered ? sequenceMismatch(expectedRows, actualRows) : bagMismatch(expectedRows, actualRows)
}

function columnMismatch(expected: readonly string[], actual: readonly string[]): string | undefined {
  const same = expected.length === actual.length && expected.every((column) => actual.includes(column))
  return same ? undefined : `columns differ: expected ${list(expected)}, got ${list(actual)}`
}

function rowText(row: readonly unknown[], options: CanonicalOptions): string {
  return `| ${row.map((cell) => canonical(cell, options)).join(' | ')} |`
}

function sequenceMismatch(expected: readonly string[], actual: readonly string[]): string | undefined {
  const length = Math.max(expected.length, actual.length)
  for (let i = 0; i < length; i++) {
    if (expected[i] !== actual[i]) {
      return `row ${i + 1} differs: expected ${expected[i] ?? '(no row)'}, got ${actual[i] ?? '(no row)'}` +
        ` (${expected.length} rows expected, ${actual.length} returned)`
    }
  }
  return undefined
}

function bagMismatch(expected: readonly string[], actual: readonly string[]): string | undefined {
  const unmatched = new Map<string, number>()
  for (const row of expected) unmatched.set(row, (unmatched.get(row) ?? 0) + 1)
  const unexpected: string[] = []
  for (const row of actual) {
    const count = unmatched.get(row) ?? 0
    if (count > 0) unmatched.set(row, count - 1)
    else unexpected.push(row)
  }
  const missing = [...unmatched].flatMap(([row, count]) => Array<string>(count).fill(row))
  if (missing.length === 0 && unexpected.length === 0) return undefined
  return [
    `rows differ (${expected.length} expected, ${actual.length} returned)`,
    ...(missing.length > 0 ? [`missing ${abbreviate(missing)}`] : []),
    ...(unexpected.length > 0 ? [`unexpected ${abbreviate(unexpected)}`] : []),
  ].join('; ')
}

function list(columns: readonly string[]): string {
  return `[${columns.join(', ')}]`
}

const SHOWN_ROWS_MAX = 5

function abbreviate(rows: readonly string[]): string {
  const shown = rows.slice(0, SHOWN_ROWS_MAX).join(' ')
  return rows.length > SHOWN_ROWS_MAX ? `${shown} ... (${rows.length - SHOWN_ROWS_MAX} more)` : shown
}
