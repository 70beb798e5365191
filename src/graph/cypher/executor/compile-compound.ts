import { NornicError } from '../../../errors/index.js'
import { NodeValue, RelationshipValue, isMapValue, type Value } from '../../values.js'
import type { CaseExpression, Expression, MapProjection } from '../ast.js'
import { cypherEquals, setEntry, typeName } from '../values/index.js'
import type { Evaluator } from './evaluator.js'
import { expectBoolean } from './operators.js'
import { extendRow } from './row.js'

/** Expressions built of others: CASE, quantifiers, map projections, and the list checks they share. */

type Compile = (expression: Expression) => Evaluator

export function expectList(value: Value, where: string): readonly Value[] | null {
  if (value === null) return null
  if (Array.isArray(value)) return value
  throw new NornicError('Neo.ClientError.Statement.TypeError', `${where} expects a List, got ${typeName(value)}`, {
    actual: typeName(value),
  })
}

export function compileCase(expression: CaseExpression, compile: Compile): Evaluator {
  const subject = expression.subject === undefined ? undefined : compile(expression.subject)
  const alternatives = expression.alternatives.map((alternative) => [compile(alternative.when), compile(alternative.then)] as const)
  const otherwise = expression.otherwise === undefined ? undefined : compile(expression.otherwise)
  return async (row, context) => {
    const subjectValue = subject === undefined ? undefined : await subject(row, context)
    for (const [when, then] of alternatives) {
      const test = await when(row, context)
      const chosen = subjectValue === undefined ? test === true : cypherEquals(subjectValue, test) === true
      if (chosen) return then(row, context)
    }
    return otherwise === undefined ? null : otherwise(row, context)
  }
}

export function compileQuantifier(quantifier: 'any' | 'all' | 'none' | 'single', variable: string, list: Evaluator, predicate: Evaluator): Evaluator {
  return async (row, context) => {
    const values = expectList(await list(row, context), quantifier)
    if (values === null) return null
    let trues = 0
    let nulls = 0
    for (const value of values) {
      const result = expectBoolean(await predicate(extendRow(row, variable, value), context), quantifier)
      if (result === true) trues++
      else if (result === null) nulls++
    }
    const falses = values.length - trues - nulls
    switch (quantifier) {
      case 'any':
        return trues > 0 ? true : nulls > 0 ? null : false
      case 'all':
        return falses > 0 ? false : nulls > 0 ? null : true
      case 'none':
        return trues > 0 ? false : nulls > 0 ? null : true
      case 'single':
        return trues > 1 ? false : nulls > 0 ? null : trues === 1
    }
  }
}

export function compileMapProjection(expression: MapProjection, compile: Compile): Evaluator {
  const variable = compile({ kind: 'Variable', name: expression.variable, position: expression.position })
  const items = expression.items.map((item) => {
    switch (item.kind) {
      case 'LiteralEntry':
        return { ...item, evaluate: compile(item.value) }
      case 'VariableSelector':
        return { ...item, evaluate: compile({ kind: 'Variable', name: item.name, position: item.position }) }
      default:
        return { ...item, evaluate: undefined }
    }
  })
  return async (row, context) => {
    const subject = await variable(row, context)
    if (subject === null) return null
    const properties = propertiesOf(subject)
    const map: Record<string, Value> = {}
    for (const item of items) {
      if (item.kind === 'AllPropertiesSelector') Object.assign(map, properties)
      else if (item.kind === 'PropertySelector') setEntry(map, item.key, properties[item.key] ?? null)
      else if (item.kind === 'LiteralEntry') setEntry(map, item.key, await item.evaluate!(row, context))
      else if (item.kind === 'VariableSelector') setEntry(map, item.name, await item.evaluate!(row, context))
    }
    return map
  }
}

function propertiesOf(value: Value): Readonly<Record<string, Value>> {
  if (value instanceof NodeValue || value instanceof RelationshipValue) return value.properties
  if (isMapValue(value)) return value
  throw new NornicError('Neo.ClientError.Statement.TypeError', `map projection of ${typeName(value)}`, { actual: typeName(value) })
}

