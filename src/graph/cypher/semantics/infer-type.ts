import type { Expression } from '../ast.js'
import { elementOf, isList, listOf, type ElementType, type Scope, type SemanticType } from './scope.js'

const FUNCTION_RESULT_TYPES: Readonly<Record<string, SemanticType>> = {
  count: 'Integer',
  size: 'Integer',
  length: 'Integer',
  type: 'String',
  tostring: 'String',
  labels: 'List<String>',
  keys: 'List<String>',
  nodes: 'List<Node>',
  relationships: 'List<Relationship>',
  properties: 'Map',
}

/** The type an expression certainly has, or `Any`. */
export function inferType(expression: Expression, scope: Scope): SemanticType {
  switch (expression.kind) {
    case 'IntegerLiteral':
      return 'Integer'
    case 'FloatLiteral':
      return 'Float'
    case 'StringLiteral':
      return 'String'
    case 'BooleanLiteral':
    case 'IsNull':
    case 'LabelPredicate':
    case 'PatternExpression':
    case 'Quantifier':
      return 'Boolean'
    case 'MapLiteral':
    case 'MapProjection':
      return 'Map'
    case 'CountStar':
      return 'Integer'
    case 'ListLiteral':
      return listOf(commonElement(expression.elements.map((element) => inferType(element, scope))))
    case 'Variable':
      return scope.typeOf(expression.name) ?? 'Any'
    case 'IndexAccess': {
      const objectType = inferType(expression.object, scope)
      return isList(objectType) ? elementOf(objectType) : 'Any'
    }
    case 'SliceAccess': {
      const objectType = inferType(expression.object, scope)
      return isList(objectType) ? objectType : 'Any'
    }
    case 'Unary':
      if (expression.operator === 'NOT') return 'Boolean'
      return numericOrAny(inferType(expression.operand, scope))
    case 'Binary':
      // Only arithmetic depends on the operand types; looking at them for AND/OR/comparison
      // would revisit long condition chains once per operator.
      if (!ARITHMETIC_OPERATORS.has(expression.operator)) return 'Boolean'
      return inferArithmetic(expression.operator, inferType(expression.left, scope), inferType(expression.right, scope))
    case 'FunctionCall':
      return FUNCTION_RESULT_TYPES[expression.name.toLowerCase()] ?? 'Any'
    case 'ListComprehension':
    case 'PatternComprehension':
      return 'List<Any>'
    default:
      return 'Any'
  }
}

function commonElement(types: readonly SemanticType[]): ElementType {
  const first = types[0]
  if (first === undefined || isList(first)) return 'Any'
  return types.every((type) => type === first) ? (first as ElementType) : 'Any'
}

function numericOrAny(type: SemanticType): SemanticType {
  return type === 'Integer' || type === 'Float' ? type : 'Any'
}

const ARITHMETIC_OPERATORS = new Set(['+', '-', '*', '/', '%', '^'])

function inferArithmetic(operator: string, left: SemanticType, right: SemanticType): SemanticType {
  if (operator === '^') return left === 'Any' || right === 'Any' ? 'Any' : 'Float'
  if (operator === '+' && left === 'String' && right === 'String') return 'String'
  return arithmetic(left, right)
}

function arithmetic(left: SemanticType, right: SemanticType): SemanticType {
  if (left === 'Integer' && right === 'Integer') return 'Integer'
  const numeric = (type: SemanticType): boolean => type === 'Integer' || type === 'Float'
  if (numeric(left) && numeric(right)) return 'Float'
  return 'Any'
}
