import { NornicError } from '../../../errors/index.js'
import { CONVERSION_FUNCTIONS } from './conversion-functions.js'
import type { ScalarFunction } from './function-types.js'
import { GRAPH_FUNCTIONS } from './graph-functions.js'
import { LIST_FUNCTIONS } from './list-functions.js'
import { MATH_FUNCTIONS } from './math-functions.js'
import { STRING_FUNCTIONS } from './string-functions.js'

/** Function names are case-insensitive in Cypher, so the table is keyed by lower case. */
const SCALAR_FUNCTIONS: ReadonlyMap<string, ScalarFunction> = new Map(
  [...STRING_FUNCTIONS, ...MATH_FUNCTIONS, ...CONVERSION_FUNCTIONS, ...LIST_FUNCTIONS, ...GRAPH_FUNCTIONS].map((f) => [
    f.name.toLowerCase(),
    f,
  ]),
)

export function findScalarFunction(name: string): ScalarFunction | undefined {
  return SCALAR_FUNCTIONS.get(name.toLowerCase())
}

/** Looks the function up and checks its argument count, before any row is produced. */
export function resolveScalarFunction(name: string, argumentCount: number): ScalarFunction {
  const found = findScalarFunction(name)
  if (found === undefined) {
    throw new NornicError('Neo.ClientError.Statement.SyntaxError', `Unknown function '${name}'`, { function: name })
  }
  if (argumentCount < found.minArgs || argumentCount > found.maxArgs) {
    const expected = found.minArgs === found.maxArgs ? `${found.minArgs}` : `${found.minArgs} to ${found.maxArgs}`
    throw new NornicError(
      'Neo.ClientError.Statement.SyntaxError',
      `${found.name}() takes ${expected} argument(s), got ${argumentCount}`,
      { function: found.name, argumentCount },
    )
  }
  return found
}
