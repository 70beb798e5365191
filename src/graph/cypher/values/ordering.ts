import { NodeValue, PathValue, RelationshipValue, isMapValue, type Value } from '../../values.js'
import { isNumber, typeName, type CypherTypeName } from './type-names.js'

/**
 * Cypher's `<`, `<=`, `>`, `>=`: only numbers with numbers, strings with strings, booleans
 * with booleans and lists with lists compare; anything else (and null) gives null.
 * Returns the sign of left - right, or null when the two are not comparable.
 */
export function compareValues(left: Value, right: Value): number | null {
  if (left === null || right === null) return null
  if (isNumber(left) && isNumber(right)) return compareNumbers(left, right)
  if (typeof left === 'string' && typeof right === 'string') return compareStrings(left, right)
  if (typeof left === 'boolean' && typeof right === 'boolean') return Number(left) - Number(right)
  if (Array.isArray(left) && Array.isArray(right)) return compareLists(left, right)
  return null
}

/** NaN is unordered: the result is NaN, which every comparison operator reads as false. */
export function compareNumbers(left: bigint | number, right: bigint | number): number | null {
  if (typeof left === 'bigint' && typeof right === 'bigint') return left < right ? -1 : left > right ? 1 : 0
  if (Number.isNaN(left) || Number.isNaN(right)) return Number.NaN
  if (typeof left === 'number' && typeof right === 'number') return left < right ? -1 : left > right ? 1 : 0
  return compareMixed(left, right)
}

/** An integer against a float, exactly: converting the integer to a float could round it. */
function compareMixed(left: bigint | number, right: bigint | number): number {
  const flip = typeof left === 'number'
  const integer = (flip ? right : left) as bigint
  const float = (flip ? left : right) as number
  let sign: number
  if (float === Number.POSITIVE_INFINITY) sign = -1
  else if (float === Number.NEGATIVE_INFINITY) sign = 1
  else {
    const floor = BigInt(Math.floor(float))
    if (integer < floor) sign = -1
    else if (integer > floor) sign = 1
    else sign = Number.isInteger(float) ? 0 : -1
  }
  return flip && sign !== 0 ? -sign : sign
}

function compareStrings(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0
}

function compareLists(left: readonly Value[], right: readonly Value[]): number | null {
  const length = Math.min(left.length, right.length)
  for (let i = 0; i < length; i++) {
    const sign = compareValues(left[i] ?? null, right[i] ?? null)
    if (sign === null || Number.isNaN(sign)) return null
    if (sign !== 0) return sign
  }
  return left.length - right.length
}

/**
 * openCypher's orderability: a total order over all values, used by ORDER BY, min and max.
 * Ascending: maps, nodes, relationships, lists, paths, strings, booleans, numbers, null.
 * NaN sorts above every other number.
 */
const ORDER_OF_TYPE: Record<CypherTypeName, number> = {
  Map: 0,
  Node: 1,
  Relationship: 2,
  List: 3,
  Path: 4,
  String: 5,
  Boolean: 6,
  Integer: 7,
  Float: 7,
  Null: 8,
}

export function orderValues(left: Value, right: Value): number {
  const leftRank = ORDER_OF_TYPE[typeName(left)]
  const rightRank = ORDER_OF_TYPE[typeName(right)]
  if (leftRank !== rightRank) return leftRank - rightRank
  if (left === null) return 0
  if (isNumber(left) && isNumber(right)) return orderNumbers(left, right)
  if (typeof left === 'string') return compareStrings(left, right as string)
  if (typeof left === 'boolean') return Number(left) - Number(right as boolean)
  if (Array.isArray(left)) return orderLists(left, right as readonly Value[])
  if (left instanceof NodeValue) return left.id - (right as NodeValue).id
  if (left instanceof RelationshipValue) return left.id - (right as RelationshipValue).id
  if (left instanceof PathValue) return orderPaths(left, right as PathValue)
  if (isMapValue(left) && isMapValue(right)) return orderMaps(left, right)
  return 0
}

function orderNumbers(left: bigint | number, right: bigint | number): number {
  const leftNaN = typeof left === 'number' && Number.isNaN(left)
  const rightNaN = typeof right === 'number' && Number.isNaN(right)
  if (leftNaN || rightNaN) return Number(leftNaN) - Number(rightNaN)
  return compareNumbers(left, right) ?? 0
}

function orderLists(left: readonly Value[], right: readonly Value[]): number {
  const length = Math.min(left.length, right.length)
  for (let i = 0; i < length; i++) {
    const sign = orderValues(left[i] ?? null, right[i] ?? null)
    if (sign !== 0) return sign
  }
  return left.length - right.length
}

function orderPaths(left: PathValue, right: PathValue): number {
  const elements = (path: PathValue): Value[] => path.nodes.flatMap((node, i) => {
    const relationship = path.relationships[i]
    return relationship === undefined ? [node] : [node, relationship]
  })
  return orderLists(elements(left), elements(right))
}

function orderMaps(left: Readonly<Record<string, Value>>, right: Readonly<Record<string, Value>>): number {
  const leftKeys = Object.keys(left).sort()
  const rightKeys = Object.keys(right).sort()
  const keyOrder = orderLists(leftKeys, rightKeys)
  if (keyOrder !== 0) return keyOrder
  return orderLists(leftKeys.map((key) => left[key] ?? null), leftKeys.map((key) => right[key] ?? null))
}
