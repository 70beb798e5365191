import type { Expression, Projection, ProjectionItem } from '../ast.js'
import { containsAggregate, expressionKey, isAggregateCall } from './aggregation.js'
import { semanticError } from './errors.js'
import { checkExpression, expressionContext, invalidArgumentType, type ExpressionContext } from './expression-checker.js'
import { inferType } from './infer-type.js'
import { Scope } from './scope.js'
import { childExpressions } from './walk.js'

export interface CheckedProjection {
  /** The projection with `*` expanded into one item per variable in scope. */
  readonly projection: Projection
  /** The variables visible after the clause. */
  readonly scope: Scope
  /** Where a WHERE attached to WITH is checked: like ORDER BY, without aggregations. */
  readonly whereContext: ExpressionContext
}

/** Checks the shared body of WITH and RETURN against the scope before it. */
export function checkProjection(projection: Projection, scope: Scope, clause: 'WITH' | 'RETURN'): CheckedProjection {
  const items = expandStar(projection, scope, clause)
  const names = new Set<string>()
  for (const item of projection.items) {
    checkExpression(item.expression, expressionContext(scope, { aggregationAllowed: true }))
    if (names.has(item.name)) throw semanticError('ColumnNameConflict', `Multiple result columns with the same name \`${item.name}\``, item.position)
    names.add(item.name)
  }
  const aggregating = items.some((item) => containsAggregate(item.expression))
  if (aggregating) checkGroupingKeys(items, items)
  const projected = Scope.of(items.map((item) => [item.name, inferType(item.expression, scope)] as const))
  const restricted = aggregating || projection.distinct
  const orderScope = restricted ? projected : scope.merge(projected)
  const projectedKeys = restricted ? new Set(items.map((item) => expressionKey(item.expression))) : undefined
  for (const sortItem of projection.orderBy ?? []) {
    checkExpression(sortItem.expression, expressionContext(orderScope, { aggregationAllowed: aggregating, projectedKeys }))
    if (aggregating && containsAggregate(sortItem.expression)) {
      checkGroupingKeys(items, [{ expression: sortItem.expression, name: '', position: sortItem.position }])
    }
  }
  const unaliased = projection.items.find((item) => !item.aliased && item.expression.kind !== 'Variable')
  if (clause === 'WITH' && unaliased !== undefined) {
    throw semanticError('NoExpressionAlias', `Expression in WITH must be aliased (use AS): ${unaliased.name}`, unaliased.position)
  }
  checkRowCount(projection.skip, 'SKIP')
  checkRowCount(projection.limit, 'LIMIT')
  return {
    projection: projection.star ? { ...projection, items } : projection,
    scope: projected,
    whereContext: expressionContext(orderScope, { predicate: true, projectedKeys }),
  }
}

function expandStar(projection: Projection, scope: Scope, clause: 'WITH' | 'RETURN'): readonly ProjectionItem[] {
  if (!projection.star) return projection.items
  if (scope.size === 0 && clause === 'RETURN') throw semanticError('NoVariablesInScope', 'RETURN * and WITH * need at least one variable in scope', projection.position)
  const explicit = new Set(projection.items.map((item) => item.name))
  const starred = scope
    .names()
    .filter((name) => !explicit.has(name))
    .map((name): ProjectionItem => ({
      kind: 'ProjectionItem',
      position: projection.position,
      expression: { kind: 'Variable', position: projection.position, name },
      name,
      aliased: false,
    }))
  return [...starred, ...projection.items]
}

/**
 * In an aggregating projection, what lies outside the aggregations must be a grouping key: a
 * variable or property projected on its own. `me.age + count(*)` without `me.age` as a column
 * would group by something the user never named.
 */
function checkGroupingKeys(
  items: readonly ProjectionItem[],
  toCheck: readonly Pick<ProjectionItem, 'expression' | 'name' | 'position'>[],
): void {
  const groupingItems = items.filter((item) => !containsAggregate(item.expression))
  // A grouping column is a key under its own name too, which ORDER BY may use.
  const groupingVariables = new Set(
    groupingItems.flatMap((item) => (item.expression.kind === 'Variable' ? [item.expression.name, item.name] : [item.name])),
  )
  const simpleKeys = new Set(
    groupingItems.filter((item) => isSimpleKey(item.expression)).map((item) => expressionKey(item.expression)),
  )
  const isGrouped = (expression: Expression): boolean => {
    if (isAggregateCall(expression)) return true
    if (expression.kind === 'Variable') return groupingVariables.has(expression.name)
    if (expression.kind === 'PropertyAccess' && expression.object.kind === 'Variable') {
      return simpleKeys.has(expressionKey(expression)) || groupingVariables.has(expression.object.name)
    }
    // Comprehensions bind their own variables; leave them to the scope check.
    if (expression.kind === 'ListComprehension' || expression.kind === 'Quantifier' || expression.kind === 'Reduce') return true
    return childExpressions(expression).every(isGrouped)
  }
  for (const item of toCheck) {
    if (containsAggregate(item.expression) && !isGrouped(item.expression)) {
      throw semanticError(
        'AmbiguousAggregationExpression',
        'Expressions next to an aggregation must be grouping keys projected on their own',
        item.position,
      )
    }
  }
}

function isSimpleKey(expression: Expression): boolean {
  return expression.kind === 'Variable' || (expression.kind === 'PropertyAccess' && expression.object.kind === 'Variable')
}

/** SKIP and LIMIT take a constant, non-negative integer. */
function checkRowCount(expression: Expression | undefined, clause: string): void {
  if (expression === undefined) return
  const usesVariables = (e: Expression): boolean => e.kind === 'Variable' || childExpressions(e).some(usesVariables)
  if (usesVariables(expression) || containsAggregate(expression)) {
    throw semanticError('NonConstantExpression', `${clause} must be a constant expression, without variables`, expression.position)
  }
  checkExpression(expression, expressionContext(Scope.empty))
  if (expression.kind === 'IntegerLiteral' && expression.value < 0n) {
    throw semanticError('NegativeIntegerArgument', `${clause} must be a non-negative integer`, expression.position)
  }
  const type = inferType(expression, Scope.empty)
  if (type !== 'Integer' && type !== 'Any') throw invalidArgumentType(`${clause} must be an integer, got ${type}`, expression.position)
}
