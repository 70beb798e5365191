import { NornicError } from '../../../errors/index.js'
import { NodeValue, RelationshipValue, type Value } from '../../values.js'
import type { Expression, RemoveItem, SetItem } from '../ast.js'
import { setEntry, typeName } from '../values/index.js'
import type { Evaluator } from './evaluator.js'
import { replaceLabels, replaceProperties } from './graph-writes.js'
import { propertiesFrom, toPropertyMap, toPropertyValue } from './property-values.js'
import type { QueryContext } from './query-context.js'
import type { Row } from './row.js'

/** One SET or REMOVE item, ready to apply to a row. */
export type RowAction = (row: Row, context: QueryContext) => Promise<void>

type Compile = (expression: Expression) => Evaluator

function variableExpression(name: string, item: SetItem | RemoveItem): Expression {
  return { kind: 'Variable', name, position: item.position }
}

/** The entity a SET or REMOVE targets; null means "skip" (an OPTIONAL MATCH found nothing). */
function entityOf(value: Value, what: string): NodeValue | RelationshipValue | null {
  if (value === null || value instanceof NodeValue || value instanceof RelationshipValue) return value
  throw new NornicError('Neo.ClientError.Statement.TypeError', `${what} expects a Node or a Relationship, got ${typeName(value)}`, {
    actual: typeName(value),
  })
}

function nodeOf(value: Value, what: string): NodeValue | null {
  const entity = entityOf(value, what)
  if (entity instanceof RelationshipValue) {
    throw new NornicError('Neo.ClientError.Statement.TypeError', `${what} expects a Node, got Relationship`, {})
  }
  return entity
}

export function compileSetItem(item: SetItem, compile: Compile): RowAction {
  switch (item.kind) {
    case 'SetProperty': {
      const target = compile(item.target)
      const value = compile(item.value)
      const key = item.key
      return async (row, context) => {
        const entity = entityOf(await target(row, context), 'SET')
        const newValue = await value(row, context)
        if (entity === null) return
        const properties = { ...context.current(entity).properties }
        if (newValue === null) delete properties[key]
        else setEntry(properties, key, toPropertyValue(key, newValue))
        await replaceProperties(context, entity, properties, 1)
      }
    }
    case 'SetVariable': {
      const target = compile(variableExpression(item.variable, item))
      const value = compile(item.value)
      const merge = item.merge
      return async (row, context) => {
        const entity = entityOf(await target(row, context), 'SET')
        const source = await value(row, context)
        if (entity === null) return
        const given = source === null ? {} : propertiesFrom(source, 'SET')
        const current = context.current(entity).properties
        const properties = toPropertyMap(merge ? { ...current, ...given } : given)
        const removed = merge ? 0 : Object.keys(current).filter((key) => !(key in properties)).length
        await replaceProperties(context, entity, properties, Object.keys(given).length + removed)
      }
    }
    case 'SetLabels': {
      const target = compile(variableExpression(item.variable, item))
      const labels = item.labels
      return async (row, context) => {
        const node = nodeOf(await target(row, context), 'SET label')
        if (node === null) return
        const current = context.current(node).labels
        await replaceLabels(context, node, [...current, ...labels.filter((label, i) => !current.includes(label) && labels.indexOf(label) === i)])
      }
    }
  }
}

export function compileRemoveItem(item: RemoveItem, compile: Compile): RowAction {
  if (item.kind === 'RemoveProperty') {
    const target = compile(item.target)
    const key = item.key
    return async (row, context) => {
      const entity = entityOf(await target(row, context), 'REMOVE')
      if (entity === null) return
      const current = context.current(entity).properties
      if (!(key in current)) return
      const properties = { ...current }
      delete properties[key]
      await replaceProperties(context, entity, properties, 1)
    }
  }
  const target = compile(variableExpression(item.variable, item))
  const labels = item.labels
  return async (row, context) => {
    const node = nodeOf(await target(row, context), 'REMOVE label')
    if (node === null) return
    await replaceLabels(context, node, context.current(node).labels.filter((label) => !labels.includes(label)))
  }
}
