import { INT64_MAX, INT64_MIN, type Value } from '../../values.js'
import { formatFloat, typeName } from '../values/index.js'
import { invalidArgument } from './argument-checks.js'
import type { ScalarFunction } from './function-types.js'

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/
const FLOAT_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/

/** Cypher's text for a scalar, as toString() gives it; undefined for values it cannot show. */
export function scalarText(value: Value): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number') return formatFloat(value)
  if (typeof value === 'boolean') return String(value)
  return undefined
}

export function toInteger(value: Value): Value | undefined {
  if (value === null || typeof value === 'bigint') return value
  if (typeof value === 'boolean') return value ? 1n : 0n
  if (typeof value === 'number') return Number.isFinite(value) ? clampedInteger(Math.trunc(value)) : null
  if (typeof value === 'string') {
    if (INTEGER_TEXT.test(value)) return clampedInteger(BigInt(value.trim()))
    return FLOAT_TEXT.test(value) ? clampedInteger(Math.trunc(Number(value))) : null
  }
  return undefined
}

function clampedInteger(value: number | bigint): bigint | null {
  const integer = BigInt(value)
  return integer < INT64_MIN || integer > INT64_MAX ? null : integer
}

export function toFloat(value: Value): Value | undefined {
  if (value === null || typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'string') return FLOAT_TEXT.test(value) ? Number(value) : null
  return undefined
}

export function toBoolean(value: Value): Value | undefined {
  if (value === null || typeof value === 'boolean') return value
  if (typeof value === 'bigint') return value !== 0n
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase()
    return text === 'true' ? true : text === 'false' ? false : null
  }
  return undefined
}

/** A strict conversion: a value of a type it cannot take is a TypeError. */
function strict(name: string, convert: (value: Value) => Value | undefined, expected: string): ScalarFunction {
  return {
    name,
    minArgs: 1,
    maxArgs: 1,
    call: ([value]) => {
      const converted = convert(value ?? null)
      if (converted === undefined) throw invalidArgument(name, value ?? null, expected)
      return converted
    },
  }
}

/** The ...OrNull twin: a value it cannot take gives null. */
function lenient(name: string, convert: (value: Value) => Value | undefined): ScalarFunction {
  return { name, minArgs: 1, maxArgs: 1, call: ([value]) => convert(value ?? null) ?? null }
}

function listOf(name: string, convert: (value: Value) => Value | undefined): ScalarFunction {
  return {
    name,
    minArgs: 1,
    maxArgs: 1,
    call: ([list]) => {
      if (list === null || list === undefined) return null
      if (!Array.isArray(list)) throw invalidArgument(name, list, 'a List')
      return list.map((element: Value) => convert(element) ?? null)
    },
  }
}

export const CONVERSION_FUNCTIONS: readonly ScalarFunction[] = [
  strict('toString', (value) => (value === null ? null : scalarText(value)), 'a String, number or Boolean'),
  strict('toInteger', toInteger, 'a String, number or Boolean'),
  strict('toFloat', toFloat, 'a String or number'),
  strict('toBoolean', toBoolean, 'a String, Integer or Boolean'),
  lenient('toStringOrNull', (value) => (value === null ? null : scalarText(value))),
  lenient('toIntegerOrNull', toInteger),
  lenient('toFloatOrNull', toFloat),
  lenient('toBooleanOrNull', toBoolean),
  listOf('toStringList', (value) => (value === null ? null : scalarText(value))),
  listOf('toIntegerList', toInteger),
  listOf('toFloatList', toFloat),
  listOf('toBooleanList', toBoolean),
  { name: 'valueType', minArgs: 1, maxArgs: 1, call: ([value]) => valueTypeName(value ?? null) },
]

function valueTypeName(value: Value): string {
  const names: Record<string, string> = {
    Null: 'NULL',
    Boolean: 'BOOLEAN NOT NULL',
    Integer: 'INTEGER NOT NULL',
    Float: 'FLOAT NOT NULL',
    String: 'STRING NOT NULL',
    List: 'LIST<ANY> NOT NULL',
    Map: 'MAP NOT NULL',
    Node: 'NODE NOT NULL',
    Relationship: 'RELATIONSHIP NOT NULL',
    Path: 'PATH NOT NULL',
  }
  return names[typeName(value)] ?? 'ANY'
}
