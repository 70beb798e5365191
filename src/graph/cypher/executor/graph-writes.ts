import { NornicError } from '../../../errors/index.js'
import type { GraphWriter } from '../../store/graph-store.js'
import { NodeValue, RelationshipValue, type PropertyMap } from '../../values.js'
import type { QueryContext } from './query-context.js'

/**
 * Changes to the graph made by write clauses, each counted in the statement's statistics and
 * remembered in the context so rows holding an older snapshot see the new version.
 */

export function writerOf(context: QueryContext): GraphWriter {
  if (context.writer === undefined) {
    throw new NornicError('Neo.ClientError.Statement.SemanticError', 'a write clause ran in a read-only statement', {})
  }
  return context.writer
}

export async function createNode(context: QueryContext, labels: readonly string[], properties: PropertyMap): Promise<NodeValue> {
  const uniqueLabels = [...new Set(labels)]
  const record = await writerOf(context).createNode(uniqueLabels, properties)
  context.stats.nodesCreated++
  context.stats.labelsAdded += uniqueLabels.length
  context.stats.propertiesSet += Object.keys(properties).length
  return context.nodeValue(record)
}

export async function createRelationship(
  context: QueryContext,
  type: string,
  start: NodeValue,
  end: NodeValue,
  properties: PropertyMap,
): Promise<RelationshipValue> {
  const record = await writerOf(context).createRelationship(type, start.id, end.id, properties)
  context.stats.relationshipsCreated++
  context.stats.propertiesSet += Object.keys(properties).length
  return context.relationshipValue(record, start, end)
}

/** Replaces an entity's properties; `changedKeys` is how many keys the statistics count. */
export async function replaceProperties(
  context: QueryContext,
  entity: NodeValue | RelationshipValue,
  properties: PropertyMap,
  changedKeys: number,
): Promise<void> {
  const writer = writerOf(context)
  context.assertNotDeleted(entity)
  if (entity instanceof NodeValue) {
    await writer.setNodeProperties(entity.id, properties)
    const current = context.current(entity)
    context.nodeChanged(new NodeValue(entity.id, entity.elementId, current.labels, properties))
  } else {
    await writer.setRelationshipProperties(entity.id, properties)
    const current = context.current(entity)
    context.relationshipChanged(
      new RelationshipValue(entity.id, entity.elementId, entity.type, entity.startId, entity.endId, properties, current.startElementId, current.endElementId),
    )
  }
  context.stats.propertiesSet += changedKeys
}

export async function replaceLabels(context: QueryContext, node: NodeValue, labels: readonly string[]): Promise<void> {
  context.assertNotDeleted(node)
  const current = context.current(node)
  const added = labels.filter((label) => !current.labels.includes(label)).length
  const removed = current.labels.filter((label) => !labels.includes(label)).length
  if (added === 0 && removed === 0) return
  await writerOf(context).setNodeLabels(node.id, labels)
  context.nodeChanged(new NodeValue(node.id, node.elementId, labels, current.properties))
  context.stats.labelsAdded += added
  context.stats.labelsRemoved += removed
}

export async function deleteRelationship(context: QueryContext, id: number): Promise<void> {
  if (context.deletedRelationships.has(id)) return
  await writerOf(context).deleteRelationship(id)
  context.deletedRelationships.add(id)
  context.stats.relationshipsDeleted++
}

/** DETACH DELETE removes the relationships first; plain DELETE leaves that check to the store. */
export async function deleteNode(context: QueryContext, id: number, detach: boolean): Promise<void> {
  if (context.deletedNodes.has(id)) return
  const writer = writerOf(context)
  if (detach) {
    const touching: number[] = []
    for await (const relationship of writer.relationshipsOf(id, 'both')) touching.push(relationship.id)
    for (const relationshipId of touching) await deleteRelationship(context, relationshipId)
  }
  await writer.deleteNode(id)
  context.deletedNodes.add(id)
  context.stats.nodesDeleted++
}
