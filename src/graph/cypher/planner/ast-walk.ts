import type { Expression } from '../ast.js'
import { expressionKey, isAggregateCall } from '../semantics/aggregation.js'
import { childExpressions } from '../semantics/walk.js'

/** The outermost aggregate calls inside `expression`, in reading order. */
export function aggregateCallsIn(expression: Expression): Expression[] {
  if (isAggregateCall(expression)) return [expression]
  return childExpressions(expression).flatMap(aggregateCallsIn)
}

/** Every variable name mentioned (comprehension variables included, which only over-approximates). */
export function variablesIn(expression: Expression, names = new Set<string>()): Set<string> {
  if (expression.kind === 'Variable') names.add(expression.name)
  for (const child of childExpressions(expression)) variablesIn(child, names)
  return names
}

/** Structural equality, positions ignored: `count(*)` in ORDER BY is the `count(*)` of RETURN. */
export function sameExpression(left: Expression, right: Expression): boolean {
  return expressionKey(left) === expressionKey(right)
}

function isAstNode(value: unknown): value is Expression {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string'
}

/** Whether a pattern used as an expression (which reads the graph) appears anywhere in `node`. */
export function containsPattern(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(containsPattern)
  if (typeof node !== 'object' || node === null) return false
  const kind = (node as { kind?: unknown }).kind
  if (kind === 'PatternExpression' || kind === 'PatternComprehension') return true
  return Object.entries(node).some(([key, value]) => key !== 'position' && containsPattern(value))
}

/**
 * A copy of `expression` with every sub-expression that `replace` answers for swapped out.
 * AST nodes are plain objects told apart by `kind`, so one walk over their fields reaches
 * every sub-expression, including those inside map entries and CASE alternatives.
 */
export function replaceExpressions(expression: Expression, replace: (e: Expression) => Expression | undefined): Expression {
  const replaced = replace(expression)
  if (replaced !== undefined) return replaced
  const copy: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(expression)) {
    if (key === 'position') copy[key] = value
    else if (Array.isArray(value)) copy[key] = value.map((v: unknown) => (isAstNode(v) ? replaceExpressions(v, replace) : v))
    else copy[key] = isAstNode(value) ? replaceExpressions(value, replace) : value
  }
  return copy as unknown as Expression
}
