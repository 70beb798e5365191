import { NornicError } from '../../errors/index.js'
import type { CommandContext, CreatedId, IdReservation } from '../command.js'
import type { PropertyMap, PropertyValue } from '../values.js'
import type {
  ConstraintDefinition,
  GraphWriter,
  IndexDefinition,
  NodeRecord,
  RelationshipRecord,
} from './graph-store.js'
import { GraphView } from './graph-view.js'
import { encodeIndexValue } from './index-key.js'
import {
  META_NEXT_NODE_ID,
  META_NEXT_RELATIONSHIP_ID,
  META_NODE_COUNT,
  META_RELATIONSHIP_COUNT,
  adjacencyKey,
  anyAdjacencyRange,
  constraintDefinitionKey,
  idAtEndOf,
  indexDefinitionKey,
  labelKey,
  nodeKey,
  prefixRange,
  propertyIndexEntryKey,
  propertyIndexPrefix,
  relationshipKey,
  withoutId,
  type KeyRange,
} from './keys.js'
import type { IdSource } from './created-ids.js'
import type { KeyValueView } from './kv-view.js'
import type { Overlay } from './overlay.js'
import {
  encodeConstraintDefinition,
  encodeIndexDefinition,
  encodeNode,
  encodeRelationship,
  withoutNulls,
} from './record-codec.js'
import type { Schema } from './schema.js'

/** The persisted counters: ids are never reused, counts answer counts() without a scan. */
export interface StoreCounters {
  readonly nextNodeId: number
  readonly nextRelationshipId: number
  readonly nodes: number
  readonly relationships: number
}

interface SchemaClash {
  readonly with: 'index' | 'constraint'
  readonly message: string
}

/** A value a unique constraint must find only once when the write ends. */
interface UniqueProbe {
  readonly constraint: string
  readonly label: string
  readonly property: string
  readonly value: PropertyValue
  readonly nodeId: number
}

/**
 * A write in progress: every change goes to the overlay (which this writer also reads through),
 * together with the label, adjacency and index entries it implies and the counters. Unique
 * constraints are checked once, in `finish()`, so a statement may swap two unique values.
 */
export class OverlayWriter extends GraphView implements GraphWriter {
  private createdElements = 0
  private counters: StoreCounters
  private readonly uniqueProbes = new Map<string, UniqueProbe>()

  constructor(
    private readonly overlay: Overlay,
    base: KeyValueView,
    schema: Schema,
    counters: StoreCounters,
    private readonly context: CommandContext,
    /** Where created things take their ids; without it, from the counters (element ids from the command index). */
    private readonly ids?: IdSource,
  ) {
    // Records are fetched one at a time so a scan sees deletes made while it runs.
    super(overlay.view(base), schema, 1)
    this.counters = counters
  }

  /** The schema and counters this write leaves behind. */
  get result(): { readonly schema: Schema; readonly counters: StoreCounters } {
    return { schema: this.schema, counters: this.counters }
  }

  async createNode(labels: readonly string[], properties: PropertyMap): Promise<NodeRecord> {
    const [id, elementId] = await this.newId('nextNodeId')
    this.updateCounters({ nodes: this.counters.nodes + 1 })
    const node: NodeRecord = { id, elementId, labels: [...new Set(labels)], properties: withoutNulls(properties) }
    this.overlay.put(nodeKey(id), encodeNode(node))
    this.replaceEntries(undefined, node)
    return node
  }

  async createRelationship(type: string, startId: number, endId: number, properties: PropertyMap): Promise<RelationshipRecord> {
    await this.requireNode(startId)
    await this.requireNode(endId)
    const [id, elementId] = await this.newId('nextRelationshipId')
    this.updateCounters({ relationships: this.counters.relationships + 1 })
    const relationship: RelationshipRecord = {
      id,
      elementId,
      type,
      startId,
      endId,
      properties: withoutNulls(properties),
    }
    this.overlay.put(relationshipKey(id), encodeRelationship(relationship))
    this.overlay.put(adjacencyKey(startId, 'o', type, id), '')
    this.overlay.put(adjacencyKey(endId, 'i', type, id), '')
    return relationship
  }

  async setNodeProperties(id: number, properties: PropertyMap): Promise<void> {
    const node = await this.requireNode(id)
    this.replaceNode(node, { ...node, properties: withoutNulls(properties) })
  }

  async setNodeLabels(id: number, labels: readonly string[]): Promise<void> {
    const node = await this.requireNode(id)
    this.replaceNode(node, { ...node, labels: [...new Set(labels)] })
  }

  async setRelationshipProperties(id: number, properties: PropertyMap): Promise<void> {
    const relationship = await this.getRelationship(id)
    if (relationship === undefined) throw notFound('relationship', id)
    this.overlay.put(relationshipKey(id), encodeRelationship({ ...relationship, properties: withoutNulls(properties) }))
  }

  /** Deleting a node that is already gone changes nothing. */
  async deleteNode(id: number): Promise<void> {
    const node = await this.getNode(id)
    if (node === undefined) return
    if (await hasAnyKey(this.kv, anyAdjacencyRange(id))) {
      throw new NornicError(
        'Neo.ClientError.Schema.ConstraintValidationFailed',
        `Cannot delete node<${id}>, because it still has relationships. To delete this node, you must first delete its relationships, or use DETACH DELETE.`,
        { nodeId: id, detail: 'DeleteConnectedNode' },
      )
    }
    this.overlay.del(nodeKey(id))
    this.replaceEntries(node, undefined)
    this.updateCounters({ nodes: this.counters.nodes - 1 })
  }

  async deleteRelationship(id: number): Promise<void> {
    const relationship = await this.getRelationship(id)
    if (relationship === undefined) return
    this.overlay.del(relationshipKey(id))
    this.overlay.del(adjacencyKey(relationship.startId, 'o', relationship.type, id))
    this.overlay.del(adjacencyKey(relationship.endId, 'i', relationship.type, id))
    this.updateCounters({ relationships: this.counters.relationships - 1 })
  }

  async createIndex(definition: IndexDefinition, ifNotExists: boolean): Promise<boolean> {
    const clash = this.schemaClash(definition)
    if (clash !== undefined) {
      if (ifNotExists) return false
      throw new NornicError('Neo.ClientError.Schema.IndexAlreadyExists', clash.message, { name: definition.name })
    }
    await this.addIndex({ name: definition.name, label: definition.label, property: definition.property })
    return true
  }

  async dropIndex(name: string, ifExists: boolean): Promise<boolean> {
    const index = this.schema.indexNamed(name)
    if (index === undefined) {
      if (ifExists) return false
      throw new NornicError('Neo.ClientError.Schema.IndexNotFound', `There is no index named \`${name}\`.`, { name })
    }
    if (index.owningConstraint !== undefined) {
      throw new NornicError(
        'Neo.ClientError.Statement.SemanticError',
        `Index \`${name}\` belongs to constraint \`${index.owningConstraint}\`; drop the constraint instead.`,
        { name, constraint: index.owningConstraint },
      )
    }
    await this.removeIndex(index)
    return true
  }

  async createConstraint(definition: ConstraintDefinition, ifNotExists: boolean): Promise<boolean> {
    const clash = this.schemaClash(definition)
    if (clash !== undefined) {
      // IF NOT EXISTS forgives an existing constraint, not an index in the way.
      if (ifNotExists && clash.with === 'constraint') return false
      const code = clash.with === 'constraint' ? 'Neo.ClientError.Schema.ConstraintAlreadyExists' : 'Neo.ClientError.Schema.IndexAlreadyExists'
      throw new NornicError(code, clash.message, { name: definition.name })
    }
    const { name, label, property } = definition
    await this.addIndex({ name, label, property, owningConstraint: name })
    await this.assertIndexHoldsUniqueValues(definition)
    this.overlay.put(constraintDefinitionKey(name), encodeConstraintDefinition({ name, label, property, kind: 'unique' }))
    this.schema = this.schema.withConstraint({ name, label, property, kind: 'unique' })
    return true
  }

  async dropConstraint(name: string, ifExists: boolean): Promise<boolean> {
    const constraint = this.schema.constraintNamed(name)
    if (constraint === undefined) {
      if (ifExists) return false
      throw new NornicError('Neo.ClientError.Schema.ConstraintNotFound', `There is no constraint named \`${name}\`.`, { name })
    }
    this.overlay.del(constraintDefinitionKey(name))
    this.schema = this.schema.withoutConstraint(name)
    const owned = this.schema.indexes.find((index) => index.owningConstraint === name)
    if (owned !== undefined) await this.removeIndex(owned)
    return true
  }

  /**
   * Sets ids aside for transactions that run ahead on some node: the counters skip them, so nothing
   * else is ever given them. Returns the first of each block.
   */
  reserveIds(reservation: IdReservation): { readonly firstNodeId: number; readonly firstRelationshipId: number } {
    const firstNodeId = this.counters.nextNodeId
    const firstRelationshipId = this.counters.nextRelationshipId
    this.updateCounters({ nextNodeId: firstNodeId + reservation.nodes, nextRelationshipId: firstRelationshipId + reservation.relationships })
    return { firstNodeId, firstRelationshipId }
  }

  /**
   * Checks the unique constraints against every value this write put into a constrained index.
   * Throws ConstraintValidationFailed for the first value held by two nodes.
   */
  async finish(): Promise<void> {
    for (const [valuePrefix, probe] of this.uniqueProbes) {
      const holders: number[] = []
      for await (const [key] of this.kv.entries({ gte: valuePrefix, lt: `${valuePrefix}:` })) {
        holders.push(idAtEndOf(key))
        if (holders.length === 2) break
      }
      if (holders.length < 2) continue
      // Name the node that held the value already, not the one this write gave it to.
      const holder = holders.find((id) => id !== probe.nodeId) as number
      throw new NornicError(
        'Neo.ClientError.Schema.ConstraintValidationFailed',
        `Node(${holder}) already exists with label \`${probe.label}\` and property \`${probe.property}\` = ${show(probe.value)}`,
        { constraint: probe.constraint, label: probe.label, property: probe.property, nodeId: holder },
      )
    }
  }

  /**
   * The id and element id of a new node or relationship: from the IdSource when there is one
   * (unique by construction: its blocks came off the counters, and it hands each id out once),
   * else the counter's next, with an element id from the command index.
   */
  private async newId(counter: 'nextNodeId' | 'nextRelationshipId'): Promise<CreatedId> {
    if (this.ids !== undefined) return counter === 'nextNodeId' ? this.ids.node() : this.ids.relationship()
    const id = this.counters[counter]
    this.updateCounters({ [counter]: id + 1 })
    return [id, `${this.context.index}:${this.createdElements++}`]
  }

  private async requireNode(id: number): Promise<NodeRecord> {
    const node = await this.getNode(id)
    if (node === undefined) throw notFound('node', id)
    return node
  }

  private replaceNode(before: NodeRecord, after: NodeRecord): void {
    this.overlay.put(nodeKey(after.id), encodeNode(after))
    this.replaceEntries(before, after)
  }

  /** Moves a node's label and index entries from what `before` needs to what `after` needs. */
  private replaceEntries(before: NodeRecord | undefined, after: NodeRecord | undefined): void {
    const stale = new Set(before === undefined ? [] : this.entryKeysOf(before))
    for (const key of after === undefined ? [] : this.entryKeysOf(after)) {
      if (!stale.delete(key)) this.overlay.put(key, '')
    }
    for (const key of stale) this.overlay.del(key)
    if (after !== undefined) this.noteUniqueValues(after)
  }

  private entryKeysOf(node: NodeRecord): string[] {
    const keys = node.labels.map((label) => labelKey(label, node.id))
    for (const index of this.schema.indexesForLabels(node.labels)) {
      const value = node.properties[index.property]
      if (value !== undefined && value !== null) keys.push(indexEntryKey(index, value, node.id))
    }
    return keys
  }

  private noteUniqueValues(node: NodeRecord): void {
    for (const constraint of this.schema.constraints) {
      if (!node.labels.includes(constraint.label)) continue
      const value = node.properties[constraint.property]
      if (value === undefined || value === null) continue
      const valuePrefix = propertyIndexPrefix(constraint.name) + encodeIndexValue(value)
      this.uniqueProbes.set(valuePrefix, { constraint: constraint.name, label: constraint.label, property: constraint.property, value, nodeId: node.id })
    }
  }

  /** Why `definition` cannot be added, if it cannot: its name or its (label, property) is taken. */
  private schemaClash(definition: { readonly name: string; readonly label: string; readonly property: string }): SchemaClash | undefined {
    const { name, label, property } = definition
    const constraintNamed = this.schema.constraintNamed(name)
    if (constraintNamed !== undefined) return { with: 'constraint', message: `There already exists a constraint called \`${name}\`.` }
    const sameConstraint = this.schema.constraints.find((c) => c.label === label && c.property === property)
    if (sameConstraint !== undefined) {
      return { with: 'constraint', message: `There already exists a constraint on (:${label} {${property}}): \`${sameConstraint.name}\`.` }
    }
    if (this.schema.indexNamed(name) !== undefined) return { with: 'index', message: `There already exists an index called \`${name}\`.` }
    const sameIndex = this.schema.indexOn(label, property)
    if (sameIndex !== undefined) return { with: 'index', message: `There already exists an index on (:${label} {${property}}): \`${sameIndex.name}\`.` }
    return undefined
  }

  private async addIndex(index: IndexDefinition): Promise<void> {
    this.overlay.put(indexDefinitionKey(index.name), encodeIndexDefinition(index))
    this.schema = this.schema.withIndex(index)
    for await (const node of this.nodesByLabel(index.label)) {
      const value = node.properties[index.property]
      if (value !== undefined && value !== null) this.overlay.put(indexEntryKey(index, value, node.id), '')
    }
  }

  private async removeIndex(index: IndexDefinition): Promise<void> {
    this.overlay.del(indexDefinitionKey(index.name))
    this.schema = this.schema.withoutIndex(index.name)
    for await (const [key] of this.kv.entries(prefixRange(propertyIndexPrefix(index.name)))) this.overlay.del(key)
  }

  /** Entries of one value sit next to each other, so a duplicate is two neighbours with one value. */
  private async assertIndexHoldsUniqueValues(constraint: ConstraintDefinition): Promise<void> {
    let previous: string | undefined
    for await (const [key] of this.kv.entries(prefixRange(propertyIndexPrefix(constraint.name)))) {
      if (previous !== undefined && withoutId(previous) === withoutId(key)) {
        const [first, second] = [idAtEndOf(previous), idAtEndOf(key)]
        const node = await this.getNode(second)
        throw new NornicError(
          'Neo.ClientError.Schema.ConstraintValidationFailed',
          `Unable to create constraint \`${constraint.name}\`: both Node(${first}) and Node(${second}) have label \`${constraint.label}\` and property \`${constraint.property}\` = ${show(node?.properties[constraint.property] ?? null)}`,
          { constraint: constraint.name, nodeIds: [first, second] },
        )
      }
      previous = key
    }
  }

  private updateCounters(change: Partial<StoreCounters>): void {
    this.counters = { ...this.counters, ...change }
    if (change.nextNodeId !== undefined) this.overlay.put(META_NEXT_NODE_ID, String(change.nextNodeId))
    if (change.nextRelationshipId !== undefined) this.overlay.put(META_NEXT_RELATIONSHIP_ID, String(change.nextRelationshipId))
    if (change.nodes !== undefined) this.overlay.put(META_NODE_COUNT, String(change.nodes))
    if (change.relationships !== undefined) this.overlay.put(META_RELATIONSHIP_COUNT, String(change.relationships))
  }
}

function indexEntryKey(index: IndexDefinition, value: PropertyValue, nodeId: number): string {
  return propertyIndexEntryKey(index.name, encodeIndexValue(value), nodeId)
}

async function hasAnyKey(kv: KeyValueView, range: KeyRange): Promise<boolean> {
  for await (const _entry of kv.entries(range)) return true
  return false
}

function notFound(kind: 'node' | 'relationship', id: number): NornicError {
  return new NornicError('Neo.ClientError.Statement.EntityNotFound', `There is no ${kind} with id ${id}.`, { kind, id })
}

function show(value: PropertyValue): string {
  if (typeof value === 'string') return `'${value}'`
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`
  return String(value)
}
