import { NodeValue, PathValue, RelationshipValue, isMapValue, type Value } from '../../values.js'
import { isNumber, typeName } from './type-names.js'

/**
 * Cypher's `=`: three-valued. null on either side gives null, and so does a null met inside
 * lists or maps whose other elements do not already decide the answer. Integers and floats
 * compare by numeric value; values of different types are never equal.
 */
export function cypherEquals(left: Value, right: Value): boolean | null {
  if (left === null || right === null) return null
  if (isNumber(left) && isNumber(right)) return numbersEqual(left, right)
  const leftType = typeName(left)
  if (leftType !== typeName(right)) return false
  if (Array.isArray(left)) return listsEqual(left, right as readonly Value[])
  if (left instanceof NodeValue) return left.id === (right as NodeValue).id
  if (left instanceof RelationshipValue) return left.id === (right as RelationshipValue).id
  if (left instanceof PathValue) return pathsEqual(left, right as PathValue)
  if (isMapValue(left) && isMapValue(right)) return mapsEqual(left, right)
  return left === right
}

function numbersEqual(left: bigint | number, right: bigint | number): boolean {
  if (typeof left === 'bigint' && typeof right === 'bigint') return left === right
  if (typeof left === 'number' && typeof right === 'number') return left === right
  const float = (typeof left === 'number' ? left : right) as number
  const integer = (typeof left === 'bigint' ? left : right) as bigint
  return Number.isInteger(float) && BigInt(float) === integer
}

function listsEqual(left: readonly Value[], right: readonly Value[]): boolean | null {
  if (left.length !== right.length) return false
  let sawNull = false
  for (let i = 0; i < left.length; i++) {
    const equal = cypherEquals(left[i] ?? null, right[i] ?? null)
    if (equal === false) return false
    if (equal === null) sawNull = true
  }
  return sawNull ? null : true
}

function mapsEqual(left: Readonly<Record<string, Value>>, right: Readonly<Record<string, Value>>): boolean | null {
  const leftKeys = Object.keys(left)
  if (leftKeys.length !== Object.keys(right).length) return false
  let sawNull = false
  for (const key of leftKeys) {
    if (!Object.hasOwn(right, key)) return false
    const equal = cypherEquals(left[key] ?? null, right[key] ?? null)
    if (equal === false) return false
    if (equal === null) sawNull = true
  }
  return sawNull ? null : true
}

function pathsEqual(left: PathValue, right: PathValue): boolean {
  if (left.nodes.length !== right.nodes.length) return false
  if (left.nodes.some((node, i) => node.id !== right.nodes[i]?.id)) return false
  return left.relationships.every((relationship, i) => relationship.id === right.relationships[i]?.id)
}
