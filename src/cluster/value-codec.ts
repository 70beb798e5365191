import type { ExpectedRun, IdReservation, PlanDescription, QueryResult, QueryStats, Statement, WriteRequest } from '../graph/command.js'
import { isMapValue, NodeValue, PathValue, RelationshipValue, type MapValue, type PropertyMap, type Value } from '../graph/values.js'

/**
 * Values as plain JSON for what replication carries: Raft entries and forwarded answers, hot
 * standby WAL lines and WALBatch frames. Integers and floats are tagged
 * ({"i":"42"}, {"f":"1"}) so a bigint keeps all 64 bits and a float never comes back as an
 * integer; maps are wrapped ({"m":{...}}) so they cannot be mistaken for a tag; graph elements
 * (which only results hold) carry their fields under "n", "r" and "p".
 */
export type EncodedValue =
  | null
  | boolean
  | string
  | { readonly i: string }
  | { readonly f: string }
  | { readonly m: Readonly<Record<string, EncodedValue>> }
  | { readonly n: EncodedNode }
  | { readonly r: EncodedRelationship }
  | { readonly p: { readonly nodes: readonly EncodedNode[]; readonly relationships: readonly EncodedRelationship[] } }
  | readonly EncodedValue[]

type EncodedProperties = Readonly<Record<string, EncodedValue>>

interface EncodedNode {
  readonly id: number
  readonly elementId: string
  readonly labels: readonly string[]
  readonly properties: EncodedProperties
}

interface EncodedRelationship {
  readonly id: number
  readonly elementId: string
  readonly type: string
  readonly startId: number
  readonly endId: number
  readonly startElementId: string
  readonly endElementId: string
  readonly properties: EncodedProperties
}

export interface EncodedStatement {
  readonly q: string
  readonly p: EncodedProperties
}

/**
 * A write request as Raft entries, WAL lines and forwarded writes carry it. The optional fields are
 * plain JSON already and travel as they are; an absent one is left out rather than set to undefined,
 * so a request without them encodes exactly as requests did before they existed, and an entry
 * written then decodes as a request of statements only.
 */
export interface EncodedWriteRequest {
  readonly statements: readonly EncodedStatement[]
  readonly expected?: ExpectedRun
  readonly reserveIds?: IdReservation
}

export interface EncodedResult {
  readonly columns: readonly string[]
  readonly rows: readonly (readonly EncodedValue[])[]
  readonly stats: QueryStats
  readonly plan?: PlanDescription
}

export function encodeStatements(statements: readonly Statement[]): EncodedStatement[] {
  return statements.map((statement) => ({ q: statement.statement, p: encodeMap(statement.parameters) }))
}

export function decodeStatements(encoded: readonly EncodedStatement[]): Statement[] {
  return encoded.map((statement) => ({ statement: statement.q, parameters: decodeMap(statement.p) }))
}

export function encodeWriteRequest(request: WriteRequest): EncodedWriteRequest {
  return {
    statements: encodeStatements(request.statements),
    ...(request.expected === undefined ? {} : { expected: request.expected }),
    ...(request.reserveIds === undefined ? {} : { reserveIds: request.reserveIds }),
  }
}

/** Reads only the request's own fields, so it takes a whole WAL entry or Raft command as well. */
export function decodeWriteRequest(encoded: EncodedWriteRequest): WriteRequest {
  return {
    statements: decodeStatements(encoded.statements),
    ...(encoded.expected === undefined ? {} : { expected: encoded.expected }),
    ...(encoded.reserveIds === undefined ? {} : { reserveIds: encoded.reserveIds }),
  }
}

export function encodeResults(results: readonly QueryResult[]): EncodedResult[] {
  return results.map((result) => ({
    columns: result.columns,
    rows: result.rows.map((row) => row.map(encodeValue)),
    stats: result.stats,
    ...(result.plan === undefined ? {} : { plan: result.plan }),
  }))
}

export function decodeResults(encoded: readonly EncodedResult[]): QueryResult[] {
  return encoded.map((result) => ({
    columns: result.columns,
    rows: result.rows.map((row) => row.map(decodeValue)),
    stats: result.stats,
    ...(result.plan === undefined ? {} : { plan: result.plan }),
  }))
}

export function encodeValue(value: Value): EncodedValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value
  if (typeof value === 'bigint') return { i: value.toString() }
  if (typeof value === 'number') return { f: Object.is(value, -0) ? '-0' : String(value) }
  if (Array.isArray(value)) return value.map(encodeValue)
  if (value instanceof NodeValue) return { n: encodeNode(value) }
  if (value instanceof RelationshipValue) return { r: encodeRelationship(value) }
  if (value instanceof PathValue) return { p: { nodes: value.nodes.map(encodeNode), relationships: value.relationships.map(encodeRelationship) } }
  if (isMapValue(value)) return { m: encodeMap(value) }
  throw new TypeError('a value of an unknown kind cannot be replicated')
}

export function decodeValue(value: EncodedValue): Value {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value
  if (Array.isArray(value)) return value.map(decodeValue)
  const tagged = value as Partial<Record<'i' | 'f', string>> & { m?: EncodedProperties; n?: EncodedNode; r?: EncodedRelationship; p?: { nodes: EncodedNode[]; relationships: EncodedRelationship[] } }
  if (tagged.i !== undefined) return BigInt(tagged.i)
  if (tagged.f !== undefined) return Number(tagged.f)
  if (tagged.m !== undefined) return decodeMap(tagged.m)
  if (tagged.n !== undefined) return decodeNode(tagged.n)
  if (tagged.r !== undefined) return decodeRelationship(tagged.r)
  if (tagged.p !== undefined) return new PathValue(tagged.p.nodes.map(decodeNode), tagged.p.relationships.map(decodeRelationship))
  throw new TypeError(`not an encoded value: ${JSON.stringify(value)}`)
}

function encodeMap(map: MapValue): Record<string, EncodedValue> {
  const encoded: Record<string, EncodedValue> = {}
  for (const [key, value] of Object.entries(map)) encoded[key] = encodeValue(value)
  return encoded
}

function decodeMap(map: EncodedProperties): MapValue {
  const decoded: Record<string, Value> = {}
  for (const [key, value] of Object.entries(map)) decoded[key] = decodeValue(value)
  return decoded
}

function encodeNode(node: NodeValue): EncodedNode {
  return { id: node.id, elementId: node.elementId, labels: node.labels, properties: encodeMap(node.properties) }
}

function decodeNode(node: EncodedNode): NodeValue {
  return new NodeValue(node.id, node.elementId, node.labels, decodeMap(node.properties) as PropertyMap)
}

function encodeRelationship(rel: RelationshipValue): EncodedRelationship {
  return {
    id: rel.id, elementId: rel.elementId, type: rel.type, startId: rel.startId, endId: rel.endId,
    startElementId: rel.startElementId, endElementId: rel.endElementId, properties: encodeMap(rel.properties),
  }
}

function decodeRelationship(rel: EncodedRelationship): RelationshipValue {
  return new RelationshipValue(rel.id, rel.elementId, rel.type, rel.startId, rel.endId, decodeMap(rel.properties) as PropertyMap, rel.startElementId, rel.endElementId)
}
