import { NornicError } from '../../../errors/index.js'
import type { QueryStats } from '../../command.js'
import type { GraphReader, GraphWriter, NodeRecord, RelationshipRecord } from '../../store/graph-store.js'
import { NodeValue, RelationshipValue, type MapValue } from '../../values.js'
import type { FunctionContext } from '../functions/index.js'
import { seededRandom } from './seeded-random.js'

const ELEMENT_ID_CACHE_SIZE_MAX = 10_000

/**
 * Everything one statement's operators share: the graph view, the parameters, the clock the
 * command fixed, the statistics of its writes, and the latest version of every entity it
 * changed, so rows that still hold an older snapshot of a node read its new properties.
 */
export class QueryContext implements FunctionContext {
  private readonly changedNodes = new Map<number, NodeValue>()
  private readonly changedRelationships = new Map<number, RelationshipValue>()
  readonly deletedNodes = new Set<number>()
  readonly deletedRelationships = new Set<number>()
  private readonly elementIds = new Map<number, string>()
  readonly random: () => number

  constructor(
    readonly reader: GraphReader,
    readonly writer: GraphWriter | undefined,
    readonly parameters: MapValue,
    readonly timestamp: number,
    readonly stats: QueryStats,
    /** Seeds rand(); the caller derives it from the command so replicas agree. */
    randomSeed: number,
  ) {
    this.random = seededRandom(randomSeed)
  }

  nodeValue(record: NodeRecord): NodeValue {
    return new NodeValue(record.id, record.elementId, record.labels, record.properties)
  }

  /** The ends' element ids come from the caller when it holds the end nodes, else from the store. */
  async relationshipValue(record: RelationshipRecord, start?: NodeValue, end?: NodeValue): Promise<RelationshipValue> {
    const startElementId = start?.elementId ?? (await this.elementIdOf(record.startId))
    const endElementId = end?.elementId ?? (await this.elementIdOf(record.endId))
    return new RelationshipValue(
      record.id,
      record.elementId,
      record.type,
      record.startId,
      record.endId,
      record.properties,
      startElementId,
      endElementId,
    )
  }

  private async elementIdOf(nodeId: number): Promise<string> {
    const known = this.elementIds.get(nodeId)
    if (known !== undefined) return known
    const node = await this.reader.getNode(nodeId)
    const elementId = node?.elementId ?? ''
    // Bounded, so a statement walking millions of relationships keeps flat memory.
    if (this.elementIds.size >= ELEMENT_ID_CACHE_SIZE_MAX) this.elementIds.clear()
    this.elementIds.set(nodeId, elementId)
    return elementId
  }

  async getNode(id: number): Promise<NodeValue | undefined> {
    const record = await this.reader.getNode(id)
    return record === undefined ? undefined : this.nodeValue(record)
  }

  /** Remembers the new version of a node this statement changed. */
  nodeChanged(node: NodeValue): void {
    this.changedNodes.set(node.id, node)
  }

  relationshipChanged(relationship: RelationshipValue): void {
    this.changedRelationships.set(relationship.id, relationship)
  }

  /** The newest version of a node or relationship a row holds. */
  current<T extends NodeValue | RelationshipValue>(value: T): T {
    if (this.changedNodes.size === 0 && this.changedRelationships.size === 0) return value
    const changed = value instanceof NodeValue ? this.changedNodes.get(value.id) : this.changedRelationships.get(value.id)
    return (changed as T | undefined) ?? value
  }

  assertNotDeleted(entity: NodeValue | RelationshipValue): void {
    const deleted = entity instanceof NodeValue ? this.deletedNodes : this.deletedRelationships
    if (!deleted.has(entity.id)) return
    const kind = entity instanceof NodeValue ? 'node' : 'relationship'
    throw new NornicError('Neo.ClientError.Statement.EntityNotFound', `the ${kind} ${entity.id} was deleted earlier in this statement`, {
      id: entity.id,
      detail: 'DeletedEntityAccess',
    })
  }
}
