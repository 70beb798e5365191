import { NornicError } from '../../../errors/index.js'
import { NodeValue, RelationshipValue, isMapValue, type PropertyMap, type PropertyValue, type Value } from '../../values.js'
import { setEntry, typeName } from '../values/index.js'

/**
 * What may be stored as a property: a scalar, or a list of scalars of one type. Maps, graph
 * elements and nested lists may not, as in Neo4j.
 */
export function toPropertyValue(key: string, value: Value): PropertyValue {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) {
    const list = value as readonly Value[]
    const types = new Set(list.map(typeName))
    const scalar = list.every((element) => element !== null && typeof element !== 'object')
    const oneType = types.size <= 1 || [...types].every((type) => type === 'Integer' || type === 'Float')
    if (scalar && oneType) return list as readonly PropertyValue[]
  }
  throw new NornicError(
    'Neo.ClientError.Statement.TypeError',
    `Property values can only be of primitive types or arrays thereof; ${key} would be ${typeName(value)}`,
    { key, actual: typeName(value), detail: 'InvalidPropertyType' },
  )
}

/** The properties a map (or a node or relationship, whose properties are copied) gives. */
export function propertiesFrom(value: Value, what: string): Readonly<Record<string, Value>> {
  if (value instanceof NodeValue || value instanceof RelationshipValue) return value.properties
  if (isMapValue(value)) return value
  throw new NornicError('Neo.ClientError.Statement.TypeError', `${what} expects a Map, got ${typeName(value)}`, { actual: typeName(value) })
}

/** A property map to store: nulls dropped (null means absent), every value checked. */
export function toPropertyMap(map: Readonly<Record<string, Value>>): PropertyMap {
  const properties: Record<string, PropertyValue> = {}
  for (const key of Object.keys(map)) {
    const value = map[key] ?? null
    if (value !== null) setEntry(properties, key, toPropertyValue(key, value))
  }
  return properties
}
