import { NodeValue, PathValue, RelationshipValue, isMapValue, type Value } from '../../values.js'
import { invalidArgument } from './argument-checks.js'
import type { FunctionContext, ScalarFunction } from './function-types.js'

function unary(name: string, apply: (value: Value, context: FunctionContext) => Value | Promise<Value>): ScalarFunction {
  return {
    name,
    minArgs: 1,
    maxArgs: 1,
    call: ([value], context) => (value === null || value === undefined ? null : apply(value, context)),
  }
}

async function endpoint(name: string, value: Value, context: FunctionContext, start: boolean): Promise<Value> {
  if (!(value instanceof RelationshipValue)) throw invalidArgument(name, value, 'a Relationship')
  return (await context.getNode(start ? value.startId : value.endId)) ?? null
}

export const GRAPH_FUNCTIONS: readonly ScalarFunction[] = [
  unary('id', (value) => {
    if (value instanceof NodeValue || value instanceof RelationshipValue) return BigInt(value.id)
    throw invalidArgument('id', value, 'a Node or a Relationship')
  }),
  unary('elementId', (value) => {
    if (value instanceof NodeValue || value instanceof RelationshipValue) return value.elementId
    throw invalidArgument('elementId', value, 'a Node or a Relationship')
  }),
  unary('labels', (value, context) => {
    if (value instanceof NodeValue) {
      context.assertNotDeleted(value)
      return [...value.labels]
    }
    throw invalidArgument('labels', value, 'a Node')
  }),
  unary('type', (value) => {
    if (value instanceof RelationshipValue) return value.type
    throw invalidArgument('type', value, 'a Relationship')
  }),
  unary('keys', (value, context) => {
    if (value instanceof NodeValue || value instanceof RelationshipValue) {
      context.assertNotDeleted(value)
      return Object.keys(value.properties)
    }
    if (isMapValue(value)) return Object.keys(value)
    throw invalidArgument('keys', value, 'a Node, a Relationship or a Map')
  }),
  unary('properties', (value, context) => {
    if (value instanceof NodeValue || value instanceof RelationshipValue) {
      context.assertNotDeleted(value)
      return { ...value.properties }
    }
    if (isMapValue(value)) return value
    throw invalidArgument('properties', value, 'a Node, a Relationship or a Map')
  }),
  unary('nodes', (value) => {
    if (value instanceof PathValue) return [...value.nodes]
    throw invalidArgument('nodes', value, 'a Path')
  }),
  unary('relationships', (value) => {
    if (value instanceof PathValue) return [...value.relationships]
    throw invalidArgument('relationships', value, 'a Path')
  }),
  unary('startNode', (value, context) => endpoint('startNode', value, context, true)),
  unary('endNode', (value, context) => endpoint('endNode', value, context, false)),
  { name: 'timestamp', minArgs: 0, maxArgs: 0, call: (_args, context) => BigInt(context.timestamp) },
]
