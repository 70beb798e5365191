import type { Expression, PathPattern } from '../ast.js'

/** The expressions directly inside an expression, in source order (scoping is the caller's concern). */
export function childExpressions(expression: Expression): Expression[] {
  switch (expression.kind) {
    case 'ListLiteral':
      return [...expression.elements]
    case 'MapLiteral':
      return expression.entries.map((entry) => entry.value)
    case 'PropertyAccess':
      return [expression.object]
    case 'IndexAccess':
      return [expression.object, expression.index]
    case 'SliceAccess':
      return present([expression.object, expression.from, expression.to])
    case 'Binary':
      return [expression.left, expression.right]
    case 'Unary':
    case 'IsNull':
    case 'LabelPredicate':
      return [expression.operand]
    case 'Case':
      return present([
        expression.subject,
        ...expression.alternatives.flatMap((alternative) => [alternative.when, alternative.then]),
        expression.otherwise,
      ])
    case 'ListComprehension':
      return present([expression.list, expression.where, expression.projection])
    case 'PatternComprehension':
      return present([...pathExpressions(expression.path), expression.where, expression.projection])
    case 'PatternExpression':
      return pathExpressions(expression.path)
    case 'MapProjection':
      return expression.items.flatMap((item) => (item.kind === 'LiteralEntry' ? [item.value] : []))
    case 'FunctionCall':
      return [...expression.args]
    case 'Quantifier':
      return [expression.list, expression.predicate]
    case 'Reduce':
      return [expression.init, expression.list, expression.expression]
    default:
      return []
  }
}

/** The property maps written in a path pattern. */
export function pathExpressions(path: PathPattern): Expression[] {
  return present([...path.nodes.map((node) => node.properties), ...path.relationships.map((relationship) => relationship.properties)])
}

function present(expressions: readonly (Expression | undefined)[]): Expression[] {
  return expressions.filter((expression): expression is Expression => expression !== undefined)
}
