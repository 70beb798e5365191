import { NodeValue, PathValue, RelationshipValue, type Value } from '../../values.js'

export type CypherTypeName =
  | 'Null'
  | 'Boolean'
  | 'Integer'
  | 'Float'
  | 'String'
  | 'List'
  | 'Map'
  | 'Node'
  | 'Relationship'
  | 'Path'

/** The Cypher type of a value, as error messages name it. */
export function typeName(value: Value): CypherTypeName {
  if (value === null) return 'Null'
  switch (typeof value) {
    case 'boolean':
      return 'Boolean'
    case 'bigint':
      return 'Integer'
    case 'number':
      return 'Float'
    case 'string':
      return 'String'
  }
  if (Array.isArray(value)) return 'List'
  if (value instanceof NodeValue) return 'Node'
  if (value instanceof RelationshipValue) return 'Relationship'
  if (value instanceof PathValue) return 'Path'
  return 'Map'
}

export function isNumber(value: Value): value is bigint | number {
  return typeof value === 'bigint' || typeof value === 'number'
}
