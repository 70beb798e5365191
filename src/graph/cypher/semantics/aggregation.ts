import type { Expression } from '../ast.js'
import { findAggregateFunction } from '../functions/index.js'
import { childExpressions } from './walk.js'

/** True for `count(*)` and calls of aggregating functions (count, sum, collect, ...). */
export function isAggregateCall(expression: Expression): boolean {
  if (expression.kind === 'CountStar') return true
  return expression.kind === 'FunctionCall' && findAggregateFunction(expression.name) !== undefined
}

/** True when an aggregation appears anywhere in the expression. */
export function containsAggregate(expression: Expression): boolean {
  return isAggregateCall(expression) || childExpressions(expression).some(containsAggregate)
}

/**
 * A key equal for two expressions written the same way, whatever their positions: ORDER BY may
 * repeat a projected expression after DISTINCT or aggregation, and is matched by this key.
 */
export function expressionKey(expression: Expression): string {
  return JSON.stringify(expression, (key, value: unknown) => {
    if (key === 'position') return undefined
    return typeof value === 'bigint' ? `${value}n` : value
  })
}
