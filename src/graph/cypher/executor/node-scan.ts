import type { NodeRecord, PropertyPredicate } from '../../store/graph-store.js'
import type { PropertyValue, Value } from '../../values.js'
import type { Evaluator } from './evaluator.js'
import type { QueryContext } from './query-context.js'
import type { Row } from './row.js'

/**
 * How the first node of a chain is found when no earlier clause bound it. An index seek names
 * its label as a fallback: the store answers undefined when the index has gone.
 */
export type NodeScan =
  | { readonly kind: 'all' }
  | { readonly kind: 'label'; readonly label: string }
  | {
      readonly kind: 'index'
      readonly label: string
      readonly property: string
      readonly bounds: readonly IndexBound[]
    }

/** One side of an index lookup: `= value`, or a range end (`<`, `<=`, `>`, `>=`). */
export interface IndexBound {
  readonly operator: '=' | '<' | '<=' | '>' | '>='
  readonly value: Evaluator
}

export async function* scanNodes(scan: NodeScan, row: Row, context: QueryContext): AsyncIterable<NodeRecord> {
  const reader = context.reader
  if (scan.kind === 'all') return yield* reader.nodes()
  if (scan.kind === 'label') return yield* reader.nodesByLabel(scan.label)
  const predicate = await indexPredicate(scan.bounds, row, context)
  if (predicate === null) return
  const seek = predicate === undefined ? undefined : reader.nodesByIndex(scan.label, scan.property, predicate)
  yield* seek ?? reader.nodesByLabel(scan.label)
}

/** null when the lookup can match nothing (a null bound); undefined when the index cannot answer. */
async function indexPredicate(bounds: readonly IndexBound[], row: Row, context: QueryContext): Promise<PropertyPredicate | null | undefined> {
  let lower: { value: PropertyValue; inclusive: boolean } | undefined
  let upper: { value: PropertyValue; inclusive: boolean } | undefined
  for (const bound of bounds) {
    const value = await bound.value(row, context)
    if (value === null) return null
    if (!isIndexable(value)) return undefined
    if (bound.operator === '=') return { kind: 'equals', value }
    if (bound.operator === '>' || bound.operator === '>=') lower = { value, inclusive: bound.operator === '>=' }
    else upper = { value, inclusive: bound.operator === '<=' }
  }
  const range: { kind: 'range'; lower?: typeof lower; upper?: typeof upper } = { kind: 'range' }
  if (lower !== undefined) range.lower = lower
  if (upper !== undefined) range.upper = upper
  return range
}

function isIndexable(value: Value): value is PropertyValue {
  return typeof value === 'string' || typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean'
}
