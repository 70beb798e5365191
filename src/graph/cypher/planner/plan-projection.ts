import type { Expression, Projection } from '../ast.js'
import { findAggregateFunction } from '../functions/index.js'
import { compileExpression, compilePredicate } from '../executor/compile-expression.js'
import type { Evaluator } from '../executor/evaluator.js'
import { ProjectionOperator, type AggregateCall, type ProjectedItem } from '../executor/projection-operator.js'
import { aggregateCallsIn, replaceExpressions, sameExpression } from './ast-walk.js'

/** WITH or RETURN as one operator: grouping keys are the items without aggregates. */
export function planProjection(
  name: 'With' | 'Return',
  projection: Projection,
  where: Expression | undefined,
  afterWrite: boolean,
): ProjectionOperator {
  const slots = new Map<Expression, string>()
  const aggregates: AggregateCall[] = []
  for (const item of projection.items) {
    for (const call of aggregateCallsIn(item.expression)) {
      const slot = `\u0000aggregate${aggregates.length}`
      slots.set(call, slot)
      aggregates.push(aggregateCall(call, slot))
    }
  }
  const items: ProjectedItem[] = projection.items.map((item) => ({
    name: item.name,
    value: compileExpression(item.expression, { aggregateSlots: slots }),
  }))
  const groupingItems = items.filter((_, i) => aggregateCallsIn(projection.items[i]!.expression).length === 0)
  const aggregating = aggregates.length > 0
  const sortSeesInput = !aggregating && !projection.distinct
  const toColumns = (expression: Expression): Expression =>
    replaceExpressions(expression, (e) => {
      const item = projection.items.find((candidate) => sameExpression(candidate.expression, e))
      return item === undefined ? undefined : { kind: 'Variable', name: item.name, position: e.position }
    })
  const orderBy = (projection.orderBy ?? []).map((sort) => ({
    value: compileExpression(toColumns(sort.expression)),
    descending: sort.descending,
  }))
  const constant = (expression: Expression | undefined): Evaluator | undefined =>
    expression === undefined ? undefined : compileExpression(expression)
  const details = projection.items.map((item) => item.name).join(', ')
  const operatorName = aggregating ? (groupingItems.length > 0 ? 'EagerAggregation' : 'Aggregation') : name === 'Return' ? 'ProduceResults' : 'Projection'
  return new ProjectionOperator(operatorName, details, {
    items,
    groupingItems,
    aggregates,
    distinct: projection.distinct,
    orderBy,
    skip: constant(projection.skip),
    limit: constant(projection.limit),
    where: where === undefined ? undefined : compilePredicate(toColumns(where)),
    sortSeesInput,
    drainInput: afterWrite,
  })
}

/** An aggregate call, its arity and nesting already checked by the semantic pass. */
function aggregateCall(call: Expression, slot: string): AggregateCall {
  if (call.kind === 'FunctionCall') {
    return { slot, fn: findAggregateFunction(call.name), distinct: call.distinct, args: call.args.map((arg) => compileExpression(arg)) }
  }
  return { slot, fn: undefined, distinct: false, args: [] }
}
