import { NornicError } from '../../../errors/index.js'
import { INT64_MAX, INT64_MIN, type Value } from '../../values.js'
import { isNumber, typeName } from './type-names.js'

/**
 * Cypher arithmetic. Integers are 64-bit: a result outside that range is an ArithmeticError,
 * never a silent wrap or a float. An integer meeting a float gives a float. null in, null out.
 */

export function checkedInteger(value: bigint, operation: string): bigint {
  if (value < INT64_MIN || value > INT64_MAX) {
    throw new NornicError('Neo.ClientError.Statement.ArithmeticError', `integer overflow in ${operation}`, { operation })
  }
  return value
}

function operandError(operator: string, left: Value, right: Value): NornicError {
  return new NornicError(
    'Neo.ClientError.Statement.TypeError',
    `cannot apply ${operator} to ${typeName(left)} and ${typeName(right)}`,
    { operator, left: typeName(left), right: typeName(right) },
  )
}

export function add(left: Value, right: Value): Value {
  if (left === null || right === null) return null
  if (Array.isArray(left)) return Array.isArray(right) ? [...left, ...right] : [...left, right]
  if (Array.isArray(right)) return [left, ...right]
  if (typeof left === 'bigint' && typeof right === 'bigint') return checkedInteger(left + right, '+')
  if (isNumber(left) && isNumber(right)) return Number(left) + Number(right)
  if (typeof left === 'string' && (typeof right === 'string' || isNumber(right))) return left + numberText(right)
  if (typeof right === 'string' && isNumber(left)) return numberText(left) + right
  throw operandError('+', left, right)
}

function numberText(value: string | bigint | number): string {
  if (typeof value === 'number') return formatFloat(value)
  return String(value)
}

/** Floats always show a fractional part or exponent, as Cypher prints them (1.0, not 1). */
export function formatFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Number.POSITIVE_INFINITY) return 'Infinity'
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity'
  const text = String(value)
  return /[.eE]/.test(text) ? text : `${text}.0`
}

export function subtract(left: Value, right: Value): Value {
  if (left === null || right === null) return null
  if (typeof left === 'bigint' && typeof right === 'bigint') return checkedInteger(left - right, '-')
  if (isNumber(left) && isNumber(right)) return Number(left) - Number(right)
  throw operandError('-', left, right)
}

export function multiply(left: Value, right: Value): Value {
  if (left === null || right === null) return null
  if (typeof left === 'bigint' && typeof right === 'bigint') return checkedInteger(left * right, '*')
  if (isNumber(left) && isNumber(right)) return Number(left) * Number(right)
  throw operandError('*', left, right)
}

export function divide(left: Value, right: Value): Value {
  if (left === null || right === null) return null
  if (typeof left === 'bigint' && typeof right === 'bigint') {
    if (right === 0n) throw new NornicError('Neo.ClientError.Statement.ArithmeticError', '/ by zero', { operator: '/' })
    return checkedInteger(left / right, '/')
  }
  if (isNumber(left) && isNumber(right)) return Number(left) / Number(right)
  throw operandError('/', left, right)
}

export function modulo(left: Value, right: Value): Value {
  if (left === null || right === null) return null
  if (typeof left === 'bigint' && typeof right === 'bigint') {
    if (right === 0n) throw new NornicError('Neo.ClientError.Statement.ArithmeticError', '% by zero', { operator: '%' })
    return left % right
  }
  if (isNumber(left) && isNumber(right)) return Number(left) % Number(right)
  throw operandError('%', left, right)
}

/** `^` always gives a float, as in Cypher. */
export function power(left: Value, right: Value): Value {
  if (left === null || right === null) return null
  if (isNumber(left) && isNumber(right)) return Number(left) ** Number(right)
  throw operandError('^', left, right)
}

export function negate(value: Value): Value {
  if (value === null) return null
  if (typeof value === 'bigint') return checkedInteger(-value, 'unary -')
  if (typeof value === 'number') return -value
  throw new NornicError('Neo.ClientError.Statement.TypeError', `cannot negate ${typeName(value)}`, { operand: typeName(value) })
}
