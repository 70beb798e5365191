import { NornicError } from '../../../errors/index.js'
import type { Value } from '../../values.js'
import { typeName } from '../values/index.js'

/** The TypeError a function raises for an argument of a type it cannot take. */
export function invalidArgument(functionName: string, value: Value, expected: string): NornicError {
  return new NornicError(
    'Neo.ClientError.Statement.TypeError',
    `${functionName}() expects ${expected}, got ${typeName(value)}`,
    { function: functionName, expected, actual: typeName(value), detail: 'InvalidArgumentValue' },
  )
}

export function expectString(functionName: string, value: Value): string {
  if (typeof value !== 'string') throw invalidArgument(functionName, value, 'a String')
  return value
}

export function expectInteger(functionName: string, value: Value): bigint {
  if (typeof value !== 'bigint') throw invalidArgument(functionName, value, 'an Integer')
  return value
}

export function expectNumber(functionName: string, value: Value): number {
  if (typeof value === 'bigint') return Number(value)
  if (typeof value !== 'number') throw invalidArgument(functionName, value, 'a number')
  return value
}

/** `detail` is the openCypher error detail, e.g. NumberOutOfRange. */
export function argumentError(functionName: string, message: string, detail: string): NornicError {
  return new NornicError('Neo.ClientError.Statement.ArgumentError', `${functionName}(): ${message}`, { function: functionName, detail })
}
