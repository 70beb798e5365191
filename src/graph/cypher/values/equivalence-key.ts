import { NodeValue, PathValue, RelationshipValue, type Value } from '../../values.js'

/**
 * A string that two values share exactly when Cypher's equivalence holds between them: the
 * relation DISTINCT and grouping use. It is equality except that null is equivalent to null
 * and NaN to NaN; 1 and 1.0 are equivalent. Map keys are sorted so insertion order is irrelevant.
 */
export function equivalenceKey(value: Value): string {
  if (value === null) return 'z'
  switch (typeof value) {
    case 'boolean':
      return value ? 'bt' : 'bf'
    case 'bigint':
      return `n${value}`
    case 'number':
      return numberKey(value)
    case 'string':
      return `s${JSON.stringify(value)}`
  }
  if (Array.isArray(value)) return `l[${value.map(equivalenceKey).join(',')}]`
  if (value instanceof NodeValue) return `N${value.id}`
  if (value instanceof RelationshipValue) return `R${value.id}`
  if (value instanceof PathValue) {
    return `P${value.nodes.map((node) => node.id).join(',')}|${value.relationships.map((r) => r.id).join(',')}`
  }
  const map = value as Readonly<Record<string, Value>>
  const entries = Object.keys(map).sort().map((key) => `${JSON.stringify(key)}:${equivalenceKey(map[key] ?? null)}`)
  return `m{${entries.join(',')}}`
}

function numberKey(value: number): string {
  if (Number.isInteger(value)) return `n${BigInt(value)}`
  return `n${value}`
}

/** The key of a whole row of grouping values. */
export function rowKey(values: readonly Value[]): string {
  return values.map(equivalenceKey).join('\u0000')
}
