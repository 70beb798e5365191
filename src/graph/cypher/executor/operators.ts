import { NornicError } from '../../../errors/index.js'
import type { Value } from '../../values.js'
import type { BinaryOperator } from '../ast.js'
import { add, compareValues, cypherEquals, divide, modulo, multiply, power, subtract, typeName } from '../values/index.js'

/** The three-valued logic of openCypher: null is "unknown". */
export function expectBoolean(value: Value, operator: string): boolean | null {
  if (value === null || typeof value === 'boolean') return value
  throw new NornicError('Neo.ClientError.Statement.TypeError', `${operator} expects a Boolean, got ${typeName(value)}`, {
    operator,
    actual: typeName(value),
  })
}

export function and(left: boolean | null, right: boolean | null): boolean | null {
  if (left === false || right === false) return false
  return left === null || right === null ? null : true
}

export function or(left: boolean | null, right: boolean | null): boolean | null {
  if (left === true || right === true) return true
  return left === null || right === null ? null : false
}

export function not(value: boolean | null): boolean | null {
  return value === null ? null : !value
}

function ordered(sign: number | null, accept: (sign: number) => boolean): boolean | null {
  if (sign === null) return null
  if (Number.isNaN(sign)) return false
  return accept(sign)
}

const regexCache = new Map<string, RegExp>()

/** `=~` matches the whole string, as Java's matches() does. */
function matchesRegex(text: string, pattern: string): boolean {
  let regex = regexCache.get(pattern)
  if (regex === undefined) {
    try {
      regex = new RegExp(`^(?:${pattern})$`, 'su')
    } catch (error) {
      throw new NornicError('Neo.ClientError.Statement.ArgumentError', `invalid regular expression ${JSON.stringify(pattern)}`, { pattern }, { cause: error })
    }
    if (regexCache.size > 1000) regexCache.clear()
    regexCache.set(pattern, regex)
  }
  return regex.test(text)
}

function stringPredicate(left: Value, right: Value, test: (text: string, part: string) => boolean): boolean | null {
  if (typeof left !== 'string' || typeof right !== 'string') return null
  return test(left, right)
}

export function inList(element: Value, list: Value): boolean | null {
  if (list === null) return null
  if (!Array.isArray(list)) {
    throw new NornicError('Neo.ClientError.Statement.TypeError', `IN expects a List on its right, got ${typeName(list)}`, {
      actual: typeName(list),
    })
  }
  let sawNull = false
  for (const candidate of list as readonly Value[]) {
    const equal = cypherEquals(element, candidate)
    if (equal === true) return true
    if (equal === null) sawNull = true
  }
  return sawNull ? null : false
}

/** Every binary operator except AND, OR and XOR, which short-circuit and live in the compiler. */
export function applyBinary(operator: Exclude<BinaryOperator, 'AND' | 'OR' | 'XOR'>, left: Value, right: Value): Value {
  switch (operator) {
    case '=':
      return cypherEquals(left, right)
    case '<>':
      return not(cypherEquals(left, right))
    case '<':
      return ordered(compareValues(left, right), (s) => s < 0)
    case '<=':
      return ordered(compareValues(left, right), (s) => s <= 0)
    case '>':
      return ordered(compareValues(left, right), (s) => s > 0)
    case '>=':
      return ordered(compareValues(left, right), (s) => s >= 0)
    case '+':
      return add(left, right)
    case '-':
      return subtract(left, right)
    case '*':
      return multiply(left, right)
    case '/':
      return divide(left, right)
    case '%':
      return modulo(left, right)
    case '^':
      return power(left, right)
    case 'STARTS WITH':
      return stringPredicate(left, right, (text, part) => text.startsWith(part))
    case 'ENDS WITH':
      return stringPredicate(left, right, (text, part) => text.endsWith(part))
    case 'CONTAINS':
      return stringPredicate(left, right, (text, part) => text.includes(part))
    case '=~':
      return stringPredicate(left, right, matchesRegex)
    case 'IN':
      return inList(left, right)
  }
}
