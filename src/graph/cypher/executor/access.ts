import { NornicError } from '../../../errors/index.js'
import { NodeValue, RelationshipValue, isMapValue, type Value } from '../../values.js'
import { typeName } from '../values/index.js'
import type { QueryContext } from './query-context.js'

/** `object.key` on a node, relationship or map; null gives null. */
export function propertyOf(object: Value, key: string, context: QueryContext): Value {
  if (object === null) return null
  if (object instanceof NodeValue || object instanceof RelationshipValue) {
    context.assertNotDeleted(object)
    return context.current(object).properties[key] ?? null
  }
  if (isMapValue(object)) return object[key] ?? null
  throw new NornicError('Neo.ClientError.Statement.TypeError', `cannot read property '${key}' of ${typeName(object)}`, {
    key,
    actual: typeName(object),
  })
}

/** `object[index]`: a list element (negative counts from the end) or a property by name. */
export function elementAt(object: Value, index: Value, context: QueryContext): Value {
  if (object === null || index === null) return null
  if (Array.isArray(object)) {
    if (typeof index !== 'bigint') throw indexTypeError('List', 'an Integer', index)
    const list = object as readonly Value[]
    const position = index < 0n ? BigInt(list.length) + index : index
    return position < 0n || position >= BigInt(list.length) ? null : (list[Number(position)] ?? null)
  }
  const isMapLike = object instanceof NodeValue || object instanceof RelationshipValue || isMapValue(object)
  if (!isMapLike) {
    throw new NornicError('Neo.ClientError.Statement.TypeError', `cannot index into ${typeName(object)}`, {
      actual: typeName(object),
      detail: 'InvalidArgumentType',
    })
  }
  if (typeof index !== 'string') throw indexTypeError(typeName(object), 'a String', index, 'MapElementAccessByNonString')
  return propertyOf(object, index, context)
}

function indexTypeError(container: string, expected: string, index: Value, detail = 'InvalidArgumentType'): NornicError {
  return new NornicError('Neo.ClientError.Statement.TypeError', `a ${container} is indexed by ${expected}, got ${typeName(index)}`, {
    container,
    actual: typeName(index),
    detail,
  })
}

/** `list[from..to]`: half-open, negative bounds count from the end, null bounds give null. */
export function sliceOf(object: Value, from: Value | undefined, to: Value | undefined): Value {
  if (object === null || from === null || to === null) return null
  if (!Array.isArray(object)) {
    throw new NornicError('Neo.ClientError.Statement.TypeError', `cannot slice ${typeName(object)}`, { actual: typeName(object) })
  }
  const list = object as readonly Value[]
  const bound = (value: Value | undefined, otherwise: number): number => {
    if (value === undefined) return otherwise
    if (typeof value !== 'bigint') throw indexTypeError('List', 'an Integer', value)
    const position = Number(value)
    return position < 0 ? Math.max(0, list.length + position) : Math.min(position, list.length)
  }
  return list.slice(bound(from, 0), bound(to, list.length))
}
