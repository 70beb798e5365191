import type { Expression, FunctionCall, Position } from '../ast.js'
import { expressionKey, isAggregateCall } from './aggregation.js'
import { semanticError } from './errors.js'
import { inferType } from './infer-type.js'
import { bindPathPattern } from './pattern-binder.js'
import { elementOf, isList, type Scope, type SemanticType } from './scope.js'
import { childExpressions } from './walk.js'

/** Where an expression sits, which decides what it may contain. */
export interface ExpressionContext {
  readonly scope: Scope
  /** Aggregations may appear here: a WITH/RETURN item, or ORDER BY of an aggregating projection. */
  readonly aggregationAllowed: boolean
  readonly insideAggregate: boolean
  /** A bare pattern may appear here: a WHERE predicate, its boolean operands, `exists(...)`. */
  readonly predicate: boolean
  /**
   * After DISTINCT or aggregation, ORDER BY sees only the projected columns, but may repeat a
   * projected expression verbatim: these are the keys of those expressions.
   */
  readonly projectedKeys?: ReadonlySet<string>
}

export function expressionContext(scope: Scope, options: Partial<Omit<ExpressionContext, 'scope'>> = {}): ExpressionContext {
  return { scope, aggregationAllowed: false, insideAggregate: false, predicate: false, ...options }
}

/** Types that can never be a boolean; `Any`, `Boolean` (and null) pass. */
const NOT_BOOLEAN = new Set<SemanticType>(['Integer', 'Float', 'String', 'Map', 'Node', 'Relationship', 'Path'])
/** Types that have no properties. */
const NO_PROPERTIES = new Set<SemanticType>(['Integer', 'Float', 'String', 'Boolean', 'Path'])
/** Types arithmetic other than `+` rejects. */
const NOT_NUMERIC = new Set<SemanticType>(['String', 'Boolean', 'Map', 'Node', 'Relationship', 'Path'])

/** Functions whose result differs per call, so `count(rand())` has no stable meaning. */
const NON_DETERMINISTIC = new Set(['rand', 'randomuuid'])

/** Checks a WHERE condition: a valid expression that can be a boolean. */
export function checkPredicate(expression: Expression, context: ExpressionContext): void {
  checkExpression(expression, { ...context, predicate: true })
  requireBoolean(expression, context.scope)
}

/** Throws the first compile-time error in the expression. */
export function checkExpression(expression: Expression, context: ExpressionContext): void {
  if (context.projectedKeys?.has(expressionKey(expression))) return
  const scope = context.scope
  const inner: ExpressionContext = { ...context, predicate: false }
  switch (expression.kind) {
    case 'Variable':
      if (!scope.has(expression.name)) throw undefinedVariable(expression.name, expression.position)
      return
    case 'Binary':
      checkBinary(expression.operator, expression.left, expression.right, context)
      return
    case 'Unary':
      if (expression.operator === 'NOT') {
        checkExpression(expression.operand, { ...context, predicate: true })
        requireBoolean(expression.operand, scope)
      } else {
        checkExpression(expression.operand, inner)
      }
      return
    case 'PropertyAccess': {
      checkExpression(expression.object, inner)
      const objectType = inferType(expression.object, scope)
      if (NO_PROPERTIES.has(objectType) || isList(objectType)) {
        // openCypher calls this a type error, except on a path, where it is a syntax error.
        throw invalidArgumentType(`Type mismatch: a ${objectType} has no properties`, expression.position, objectType !== 'Path')
      }
      return
    }
    case 'PatternExpression':
      if (!context.predicate) {
        throw semanticError('UnexpectedSyntax', 'A pattern can only be used as a predicate here; use a pattern comprehension [(a)-->(b) | b] for a list', expression.position)
      }
      bindPathPattern(expression.path, context, 'expression')
      return
    case 'PatternComprehension': {
      let patternScope = bindPathPattern(expression.path, inner, 'comprehension')
      if (expression.pathVariable !== undefined) patternScope = patternScope.bind(expression.pathVariable, 'Path')
      const local = { ...inner, scope: patternScope, aggregationAllowed: false }
      if (expression.where !== undefined) checkExpression(expression.where, { ...local, predicate: true })
      checkExpression(expression.projection, local)
      return
    }
    case 'ListComprehension': {
      checkExpression(expression.list, inner)
      const local = { ...inner, scope: scope.bind(expression.variable, elementOf(inferType(expression.list, scope))), aggregationAllowed: false }
      if (expression.where !== undefined) checkExpression(expression.where, { ...local, predicate: true })
      if (expression.projection !== undefined) checkExpression(expression.projection, local)
      return
    }
    case 'Quantifier': {
      checkExpression(expression.list, inner)
      const local = { ...inner, scope: scope.bind(expression.variable, elementOf(inferType(expression.list, scope))), aggregationAllowed: false }
      checkExpression(expression.predicate, { ...local, predicate: true })
      return
    }
    case 'Reduce': {
      checkExpression(expression.init, inner)
      checkExpression(expression.list, inner)
      const local = scope.bind(expression.accumulator, 'Any').bind(expression.variable, elementOf(inferType(expression.list, scope)))
      checkExpression(expression.expression, { ...inner, scope: local, aggregationAllowed: false })
      return
    }
    case 'MapProjection':
      if (!scope.has(expression.variable)) throw undefinedVariable(expression.variable, expression.position)
      for (const item of expression.items) {
        if (item.kind === 'VariableSelector' && !scope.has(item.name)) throw undefinedVariable(item.name, item.position)
        if (item.kind === 'LiteralEntry') checkExpression(item.value, inner)
      }
      return
    case 'CountStar':
      checkAggregatePlacement(context, expression.position, 'count(*)')
      return
    case 'FunctionCall':
      checkFunctionCall(expression, context)
      return
    default:
      for (const child of childExpressions(expression)) checkExpression(child, inner)
  }
}

function checkBinary(operator: string, left: Expression, right: Expression, context: ExpressionContext): void {
  const scope = context.scope
  if (operator === 'AND' || operator === 'OR' || operator === 'XOR') {
    checkExpression(left, { ...context, predicate: true })
    checkExpression(right, { ...context, predicate: true })
    requireBoolean(left, scope)
    requireBoolean(right, scope)
    return
  }
  const inner = { ...context, predicate: false }
  checkExpression(left, inner)
  checkExpression(right, inner)
  if (operator === 'IN') {
    const listType = inferType(right, scope)
    if (listType !== 'Any' && !isList(listType)) throw invalidArgumentType(`Type mismatch: IN expects a list, got ${listType}`, right.position)
  } else if (operator === '-' || operator === '*' || operator === '/' || operator === '%' || operator === '^') {
    for (const operand of [left, right]) {
      const type = inferType(operand, scope)
      if (NOT_NUMERIC.has(type) || isList(type)) throw invalidArgumentType(`Type mismatch: '${operator}' expects numbers, got ${type}`, operand.position)
    }
  }
}

export function requireBoolean(operand: Expression, scope: Scope): void {
  const type = inferType(operand, scope)
  if (NOT_BOOLEAN.has(type) || isList(type)) throw invalidArgumentType(`Type mismatch: expected a boolean, got ${type}`, operand.position)
}

function checkAggregatePlacement(context: ExpressionContext, position: Position, name: string): void {
  if (context.insideAggregate) throw semanticError('NestedAggregation', `Cannot nest aggregation ${name} inside another aggregation`, position)
  if (!context.aggregationAllowed) {
    throw semanticError('InvalidAggregation', `Aggregation ${name} is not allowed here; aggregate in a WITH or RETURN item`, position)
  }
}

/** Graph functions whose argument type is known: the types each rejects. */
const ARGUMENT_REJECTS: Readonly<Record<string, ReadonlySet<SemanticType>>> = {
  labels: new Set(['Path', 'Relationship', 'Integer', 'Float', 'String', 'Boolean']),
  type: new Set(['Node', 'Path', 'Integer', 'Float', 'String', 'Boolean']),
  length: new Set(['Node', 'Relationship', 'Integer', 'Float', 'Boolean']),
  size: new Set(['Path', 'Node', 'Relationship', 'Integer', 'Float', 'Boolean']),
  properties: new Set(['Path', 'Integer', 'Float', 'String', 'Boolean', 'List<Any>', 'List<Boolean>', 'List<Integer>', 'List<String>', 'List<Float>']),
}

function checkFunctionCall(call: FunctionCall, context: ExpressionContext): void {
  const name = call.name.toLowerCase()
  if (isAggregateCall(call)) {
    checkAggregatePlacement(context, call.position, `${call.name}(...)`)
    for (const arg of call.args) {
      if (arg.kind === 'FunctionCall' && NON_DETERMINISTIC.has(arg.name.toLowerCase())) {
        throw semanticError('NonConstantExpression', `Cannot aggregate over ${arg.name}(), whose value changes per call`, arg.position)
      }
      checkExpression(arg, { ...context, predicate: false, insideAggregate: true })
    }
    return
  }
  // exists(pattern) is the one call whose argument may be a bare pattern.
  for (const arg of call.args) checkExpression(arg, { ...context, predicate: name === 'exists' })
  const rejects = ARGUMENT_REJECTS[name]
  const first = call.args[0]
  if (rejects !== undefined && first !== undefined) {
    const type = inferType(first, context.scope)
    if (rejects.has(type)) throw invalidArgumentType(`Type mismatch: ${call.name}() does not accept a ${type}`, first.position)
  }
}

export function undefinedVariable(name: string, position: Position): Error {
  return semanticError('UndefinedVariable', `Variable \`${name}\` not defined`, position)
}

export function invalidArgumentType(message: string, position: Position, typeError = false): Error {
  return semanticError('InvalidArgumentType', message, position, typeError ? 'Neo.ClientError.Statement.TypeError' : 'Neo.ClientError.Statement.SyntaxError')
}
