import type { PatternComprehension, PatternExpression, Expression } from '../ast.js'
import type { Value } from '../../values.js'
import { compilePath } from './compile-pattern.js'
import type { Evaluator } from './evaluator.js'
import { anchorOfBoundPath, matchPath } from './pattern-matcher.js'

/** Patterns inside expressions: each match starts from a bound node when the pattern has one. */

type Compile = (expression: Expression) => Evaluator

/** The row slot a pattern expression's paths are bound to: no Cypher variable can have this name. */
const PATTERN_PATH = '\u0000path'

/** A bare pattern as a value: the list of the paths it matches. */
export function compilePatternList(expression: PatternExpression, compile: Compile): Evaluator {
  const path = compilePath(expression.path, PATTERN_PATH, compile)
  return async (row, context) => {
    const paths: Value[] = []
    for await (const match of matchPath(path, anchorOfBoundPath(path, row), row, context, new Set())) {
      paths.push(match[PATTERN_PATH] ?? null)
    }
    return paths
  }
}

/** A bare pattern as a condition: whether it matches at all, so matching stops at the first path. */
export function compilePatternExists(expression: PatternExpression, compile: Compile): Evaluator {
  const path = compilePath(expression.path, undefined, compile)
  return async (row, context) => {
    for await (const _match of matchPath(path, anchorOfBoundPath(path, row), row, context, new Set())) return true
    return false
  }
}

export function compilePatternComprehension(expression: PatternComprehension, compile: Compile): Evaluator {
  const path = compilePath(expression.path, expression.pathVariable, compile)
  const where = expression.where === undefined ? undefined : compile(expression.where)
  const projection = compile(expression.projection)
  return async (row, context) => {
    const values: Value[] = []
    for await (const match of matchPath(path, anchorOfBoundPath(path, row), row, context, new Set())) {
      if (where !== undefined && (await where(match, context)) !== true) continue
      values.push(await projection(match, context))
    }
    return values
  }
}
