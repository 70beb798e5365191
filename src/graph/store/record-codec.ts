import { NornicError } from '../../errors/index.js'
import { INT64_MAX, INT64_MIN, type PropertyMap, type PropertyValue } from '../values.js'
import type { ConstraintDefinition, IndexDefinition, NodeRecord, RelationshipRecord } from './graph-store.js'

/**
 * How records are stored: JSON with one fixed shape per record, property keys sorted and
 * integers and floats tagged ({"i":"42"}, {"f":"1"}), so the same record always gives the same
 * bytes (replicas compare byte for byte) and a float never comes back as an integer. Floats are
 * written with String(), which round-trips every double; -0, NaN and the infinities are kept.
 */
type StoredValue = boolean | string | null | { readonly i: string } | { readonly f: string } | readonly StoredValue[]
type StoredProperties = readonly (readonly [string, StoredValue])[]

interface StoredNode {
  readonly e: string
  readonly l: readonly string[]
  readonly p: StoredProperties
}

interface StoredRelationship {
  readonly e: string
  readonly t: string
  readonly s: number
  readonly d: number
  readonly p: StoredProperties
}

export function encodeNode(node: NodeRecord): string {
  const stored: StoredNode = { e: node.elementId, l: node.labels, p: storeProperties(node.properties) }
  return JSON.stringify(stored)
}

export function decodeNode(id: number, text: string): NodeRecord {
  const stored = JSON.parse(text) as StoredNode
  return { id, elementId: stored.e, labels: stored.l, properties: loadProperties(stored.p) }
}

export function encodeRelationship(relationship: RelationshipRecord): string {
  const stored: StoredRelationship = {
    e: relationship.elementId,
    t: relationship.type,
    s: relationship.startId,
    d: relationship.endId,
    p: storeProperties(relationship.properties),
  }
  return JSON.stringify(stored)
}

export function decodeRelationship(id: number, text: string): RelationshipRecord {
  const stored = JSON.parse(text) as StoredRelationship
  return { id, elementId: stored.e, type: stored.t, startId: stored.s, endId: stored.d, properties: loadProperties(stored.p) }
}

export function encodeIndexDefinition(definition: IndexDefinition): string {
  const { name, label, property, owningConstraint } = definition
  return JSON.stringify(owningConstraint === undefined ? { name, label, property } : { name, label, property, owningConstraint })
}

export function decodeIndexDefinition(text: string): IndexDefinition {
  return JSON.parse(text) as IndexDefinition
}

export function encodeConstraintDefinition(definition: ConstraintDefinition): string {
  const { name, label, property, kind } = definition
  return JSON.stringify({ name, label, property, kind })
}

export function decodeConstraintDefinition(text: string): ConstraintDefinition {
  return JSON.parse(text) as ConstraintDefinition
}

/** Drops null values (null means "absent") and checks every value is storable. */
export function withoutNulls(properties: PropertyMap): PropertyMap {
  const kept: [string, PropertyValue][] = []
  for (const [key, value] of Object.entries(properties)) {
    if (value === null || value === undefined) continue
    assertStorable(key, value)
    kept.push([key, value])
  }
  return Object.fromEntries(kept)
}

function storeProperties(properties: PropertyMap): StoredProperties {
  return Object.keys(properties)
    .filter((key) => properties[key] !== null && properties[key] !== undefined)
    .sort()
    .map((key) => [key, storeValue(properties[key] as PropertyValue)] as const)
}

function loadProperties(stored: StoredProperties): PropertyMap {
  return Object.fromEntries(stored.map(([key, value]) => [key, loadValue(value)]))
}

function storeValue(value: PropertyValue): StoredValue {
  switch (typeof value) {
    case 'bigint':
      return { i: value.toString() }
    case 'number':
      return { f: Object.is(value, -0) ? '-0' : String(value) }
    case 'string':
    case 'boolean':
      return value
    default:
      return value === null ? null : value.map(storeValue)
  }
}

function loadValue(stored: StoredValue): PropertyValue {
  if (stored === null || typeof stored !== 'object') return stored
  if (Array.isArray(stored)) return stored.map(loadValue)
  if ('i' in stored) return BigInt(stored.i)
  return Number((stored as { f: string }).f)
}

function assertStorable(key: string, value: unknown): void {
  if (typeof value === 'bigint' && (value < INT64_MIN || value > INT64_MAX)) {
    throw new NornicError('Neo.ClientError.Statement.ArithmeticError', `property ${key}: integer ${value} does not fit in 64 bits`, { key })
  }
  if (Array.isArray(value)) {
    for (const item of value) assertStorable(key, item)
    return
  }
  if (value !== null && !['bigint', 'number', 'string', 'boolean'].includes(typeof value)) {
    throw new NornicError(
      'Neo.ClientError.Statement.TypeError',
      `property ${key}: a property value must be a boolean, integer, float, string or a list of them`,
      { key },
    )
  }
}
