import { NornicError } from '../../../errors/index.js'
import { NodeValue, RelationshipValue, type Value } from '../../values.js'
import type { BinaryOperator, Expression, FunctionCall } from '../ast.js'
import { findAggregateFunction, resolveScalarFunction } from '../functions/index.js'
import { negate, setEntry, typeName } from '../values/index.js'
import { elementAt, propertyOf, sliceOf } from './access.js'
import { compileCase, compileMapProjection, compileQuantifier, expectList } from './compile-compound.js'
import { compilePatternComprehension, compilePatternExists, compilePatternList } from './compile-pattern-expression.js'
import type { Evaluator } from './evaluator.js'
import { and, applyBinary, expectBoolean, not, or } from './operators.js'
import { extendRow } from './row.js'

/**
 * Turns an expression into a closure once, so rows do not re-walk the tree.
 * `aggregateSlots` maps each aggregate call of a projection to the variable holding its result.
 */
export interface CompileOptions {
  readonly aggregateSlots?: ReadonlyMap<Expression, string>
}

export function compileExpression(expression: Expression, options: CompileOptions = {}): Evaluator {
  const compile = (inner: Expression): Evaluator => compileExpression(inner, options)
  const slot = options.aggregateSlots?.get(expression)
  if (slot !== undefined) return async (row) => row[slot] ?? null
  switch (expression.kind) {
    case 'IntegerLiteral':
    case 'FloatLiteral':
    case 'StringLiteral':
    case 'BooleanLiteral': {
      const value = expression.value
      return async () => value
    }
    case 'NullLiteral':
      return async () => null
    case 'ListLiteral': {
      const elements = expression.elements.map(compile)
      return async (row, context) => {
        const values: Value[] = []
        for (const element of elements) values.push(await element(row, context))
        return values
      }
    }
    case 'MapLiteral': {
      const entries = expression.entries.map((entry) => [entry.key, compile(entry.value)] as const)
      return async (row, context) => {
        const map: Record<string, Value> = {}
        for (const [key, value] of entries) setEntry(map, key, await value(row, context))
        return map
      }
    }
    case 'Parameter': {
      const name = expression.name
      return async (_row, context) => {
        if (!Object.hasOwn(context.parameters, name)) {
          throw new NornicError('Neo.ClientError.Statement.ParameterMissing', `Expected parameter(s): ${name}`, { parameter: name })
        }
        return context.parameters[name] ?? null
      }
    }
    case 'Variable': {
      const name = expression.name
      return async (row, context) => {
        const value = row[name]
        if (value === undefined) {
          throw new NornicError('Neo.ClientError.Statement.SemanticError', `Variable \`${name}\` not defined`, { variable: name })
        }
        if (value instanceof NodeValue || value instanceof RelationshipValue) return context.current(value)
        return value
      }
    }
    case 'PropertyAccess': {
      const object = compile(expression.object)
      const key = expression.key
      return async (row, context) => propertyOf(await object(row, context), key, context)
    }
    case 'IndexAccess': {
      const object = compile(expression.object)
      const index = compile(expression.index)
      return async (row, context) => elementAt(await object(row, context), await index(row, context), context)
    }
    case 'SliceAccess': {
      const object = compile(expression.object)
      const from = expression.from === undefined ? undefined : compile(expression.from)
      const to = expression.to === undefined ? undefined : compile(expression.to)
      return async (row, context) =>
        sliceOf(await object(row, context), from === undefined ? undefined : await from(row, context), to === undefined ? undefined : await to(row, context))
    }
    case 'Binary': {
      const logical = expression.operator === 'AND' || expression.operator === 'OR' || expression.operator === 'XOR'
      const operand = logical ? (e: Expression) => compilePredicate(e, options) : compile
      return compileBinary(expression.operator, operand(expression.left), operand(expression.right))
    }
    case 'Unary': {
      if (expression.operator === 'NOT') {
        const predicate = compilePredicate(expression.operand, options)
        return async (row, context) => not(expectBoolean(await predicate(row, context), 'NOT'))
      }
      const operand = compile(expression.operand)
      if (expression.operator === '-') return async (row, context) => negate(await operand(row, context))
      return async (row, context) => {
        const value = await operand(row, context)
        if (value === null || typeof value === 'bigint' || typeof value === 'number') return value
        throw new NornicError('Neo.ClientError.Statement.TypeError', `unary + expects a number, got ${typeName(value)}`, {})
      }
    }
    case 'IsNull': {
      const operand = compile(expression.operand)
      const negated = expression.negated
      return async (row, context) => ((await operand(row, context)) === null) !== negated
    }
    case 'LabelPredicate': {
      const operand = compile(expression.operand)
      const labels = expression.labels
      return async (row, context) => {
        const value = await operand(row, context)
        if (value === null) return null
        if (value instanceof NodeValue) {
          const current = context.current(value)
          return labels.every((label) => current.labels.includes(label))
        }
        if (value instanceof RelationshipValue) return labels.every((label) => label === value.type)
        throw new NornicError('Neo.ClientError.Statement.TypeError', `label predicate on ${typeName(value)}`, {})
      }
    }
    case 'Case':
      return compileCase(expression, compile)
    case 'ListComprehension': {
      const list = compile(expression.list)
      const where = expression.where === undefined ? undefined : compile(expression.where)
      const projection = expression.projection === undefined ? undefined : compile(expression.projection)
      const variable = expression.variable
      return async (row, context) => {
        const values = expectList(await list(row, context), 'list comprehension')
        if (values === null) return null
        const result: Value[] = []
        for (const value of values) {
          const inner = extendRow(row, variable, value)
          if (where !== undefined && (await where(inner, context)) !== true) continue
          result.push(projection === undefined ? value : await projection(inner, context))
        }
        return result
      }
    }
    case 'Quantifier':
      return compileQuantifier(expression.quantifier, expression.variable, compile(expression.list), compile(expression.predicate))
    case 'Reduce': {
      const init = compile(expression.init)
      const list = compile(expression.list)
      const step = compile(expression.expression)
      const { accumulator, variable } = expression
      return async (row, context) => {
        const values = expectList(await list(row, context), 'reduce')
        if (values === null) return null
        let total = await init(row, context)
        for (const value of values) total = await step(extendRow(extendRow(row, accumulator, total), variable, value), context)
        return total
      }
    }
    case 'PatternExpression':
      return compilePatternList(expression, compile)
    case 'PatternComprehension':
      return compilePatternComprehension(expression, compile)
    case 'MapProjection':
      return compileMapProjection(expression, compile)
    case 'FunctionCall':
      return compileFunctionCall(expression, compile)
    case 'CountStar':
      throw misplacedAggregate('count(*)')
  }
}

/**
 * An expression read as a condition (WHERE, AND, OR, NOT): a bare pattern there asks whether
 * it matches at all, so matching stops at the first path.
 */
export function compilePredicate(expression: Expression, options: CompileOptions = {}): Evaluator {
  if (expression.kind !== 'PatternExpression') return compileExpression(expression, options)
  return compilePatternExists(expression, (inner) => compileExpression(inner, options))
}

function compileBinary(operator: BinaryOperator, left: Evaluator, right: Evaluator): Evaluator {
  switch (operator) {
    case 'AND':
      return async (row, context) => {
        const first = expectBoolean(await left(row, context), 'AND')
        if (first === false) return false
        return and(first, expectBoolean(await right(row, context), 'AND'))
      }
    case 'OR':
      return async (row, context) => {
        const first = expectBoolean(await left(row, context), 'OR')
        if (first === true) return true
        return or(first, expectBoolean(await right(row, context), 'OR'))
      }
    case 'XOR':
      return async (row, context) => {
        const first = expectBoolean(await left(row, context), 'XOR')
        const second = expectBoolean(await right(row, context), 'XOR')
        return first === null || second === null ? null : first !== second
      }
    default:
      return async (row, context) => applyBinary(operator, await left(row, context), await right(row, context))
  }
}

function compileFunctionCall(call: FunctionCall, compile: (e: Expression) => Evaluator): Evaluator {
  if (findAggregateFunction(call.name) !== undefined) throw misplacedAggregate(`${call.name}(...)`)
  const [first] = call.args
  if (call.name.toLowerCase() === 'exists' && first !== undefined && call.args.length === 1) {
    if (first.kind === 'PatternExpression') return compilePatternExists(first, compile)
    const argument = compile(first)
    return async (row, context) => (await argument(row, context)) !== null
  }
  const fn = resolveScalarFunction(call.name, call.args.length)
  const args = call.args.map(compile)
  return async (row, context) => {
    const values: Value[] = []
    for (const arg of args) values.push(await arg(row, context))
    return fn.call(values, context)
  }
}

function misplacedAggregate(what: string): NornicError {
  return new NornicError(
    'Neo.ClientError.Statement.SyntaxError',
    `Invalid use of aggregating function ${what} in this context`,
    { function: what },
  )
}

