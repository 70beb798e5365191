import type {
  ConstraintDefinition,
  Direction,
  GraphCounts,
  GraphReader,
  IndexDefinition,
  NodeRecord,
  PropertyPredicate,
  RelationshipRecord,
} from './graph-store.js'
import { predicateRange } from './index-key.js'
import {
  META_NODE_COUNT,
  META_RELATIONSHIP_COUNT,
  adjacencyRange,
  allNodesRange,
  allRelationshipsRange,
  idAtEndOf,
  labelRange,
  nodeKey,
  propertyIndexPrefix,
  relationshipKey,
  type AdjacencyDirection,
  type KeyRange,
} from './keys.js'
import type { KeyValueView } from './kv-view.js'
import { decodeNode, decodeRelationship } from './record-codec.js'
import type { Schema } from './schema.js'

/** How many records one level getMany fetches when ids come from an index, by default. */
const FETCH_BATCH_SIZE = 128

/**
 * The graph as seen through a key-value view: a read snapshot, or a write's overlay on the
 * database. Everything is read from the view, so what one reader returns is mutually consistent.
 */
export class GraphView implements GraphReader {
  constructor(
    protected readonly kv: KeyValueView,
    protected schema: Schema,
    private readonly fetchBatchSize = FETCH_BATCH_SIZE,
  ) {}

  async getNode(id: number): Promise<NodeRecord | undefined> {
    if (!isElementId(id)) return undefined
    const text = await this.kv.get(nodeKey(id))
    return text === undefined ? undefined : decodeNode(id, text)
  }

  async getRelationship(id: number): Promise<RelationshipRecord | undefined> {
    if (!isElementId(id)) return undefined
    const text = await this.kv.get(relationshipKey(id))
    return text === undefined ? undefined : decodeRelationship(id, text)
  }

  async *nodes(): AsyncIterable<NodeRecord> {
    for await (const [key, value] of this.kv.entries(allNodesRange())) yield decodeNode(idAtEndOf(key), value)
  }

  nodesByLabel(label: string): AsyncIterable<NodeRecord> {
    return this.nodesWithIds(this.idsIn(labelRange(label)))
  }

  nodesByIndex(label: string, property: string, predicate: PropertyPredicate): AsyncIterable<NodeRecord> | undefined {
    const index = this.schema.indexOn(label, property)
    if (index === undefined) return undefined
    const range = predicateRange(propertyIndexPrefix(index.name), predicate)
    if (range === undefined) return this.nodesWithIds(noIds())
    // Index entries come in value order; the contract promises id order, so sort the ids.
    return this.nodesWithIds(sortedIds([range], this.kv))
  }

  async *relationships(): AsyncIterable<RelationshipRecord> {
    for await (const [key, value] of this.kv.entries(allRelationshipsRange())) yield decodeRelationship(idAtEndOf(key), value)
  }

  relationshipsOf(nodeId: number, direction: Direction, types?: readonly string[]): AsyncIterable<RelationshipRecord> {
    if (!isElementId(nodeId)) return this.relationshipsWithIds(noIds())
    const directions: AdjacencyDirection[] = direction === 'both' ? ['o', 'i'] : direction === 'out' ? ['o'] : ['i']
    const wanted = types === undefined || types.length === 0 ? [undefined] : [...new Set(types)]
    const ranges = directions.flatMap((dir) => wanted.map((type) => adjacencyRange(nodeId, dir, type)))
    // Adjacency keys order by type before id; sorting merges the types (and dedupes self-loops).
    return this.relationshipsWithIds(sortedIds(ranges, this.kv))
  }

  indexes(): readonly IndexDefinition[] {
    return this.schema.indexes
  }

  constraints(): readonly ConstraintDefinition[] {
    return this.schema.constraints
  }

  async counts(): Promise<GraphCounts> {
    const [nodes, relationships] = await this.kv.getMany([META_NODE_COUNT, META_RELATIONSHIP_COUNT])
    return { nodes: Number(nodes ?? 0), relationships: Number(relationships ?? 0) }
  }

  private async *idsIn(range: KeyRange): AsyncIterable<number> {
    for await (const [key] of this.kv.entries(range)) yield idAtEndOf(key)
  }

  private nodesWithIds(ids: AsyncIterable<number>): AsyncIterable<NodeRecord> {
    return fetchInBatches(ids, this.kv, this.fetchBatchSize, nodeKey, decodeNode)
  }

  private relationshipsWithIds(ids: AsyncIterable<number>): AsyncIterable<RelationshipRecord> {
    return fetchInBatches(ids, this.kv, this.fetchBatchSize, relationshipKey, decodeRelationship)
  }
}

function isElementId(id: number): boolean {
  return Number.isSafeInteger(id) && id >= 0
}

async function* noIds(): AsyncIterable<number> {}

async function* sortedIds(ranges: readonly KeyRange[], kv: KeyValueView): AsyncIterable<number> {
  const ids = new Set<number>()
  for (const range of ranges) for await (const [key] of kv.entries(range)) ids.add(idAtEndOf(key))
  yield* [...ids].sort((a, b) => a - b)
}

/**
 * Looks records up by id, `batchSize` at a time. An id whose record is gone by the time it
 * is fetched (deleted by the write that is iterating) is skipped.
 */
async function* fetchInBatches<T>(
  ids: AsyncIterable<number>,
  kv: KeyValueView,
  batchSize: number,
  keyOf: (id: number) => string,
  decode: (id: number, text: string) => T,
): AsyncIterable<T> {
  let batch: number[] = []
  const flush = async function* (): AsyncIterable<T> {
    const texts = await kv.getMany(batch.map(keyOf))
    const records = batch.flatMap((id, i) => (texts[i] === undefined ? [] : [decode(id, texts[i] as string)]))
    batch = []
    yield* records
  }
  for await (const id of ids) {
    batch.push(id)
    if (batch.length >= batchSize) yield* flush()
  }
  if (batch.length > 0) yield* flush()
}
