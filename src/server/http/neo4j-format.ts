import type { QueryResult, QueryStats } from '../../graph/command.js'
import { isMapValue, NodeValue, PathValue, RelationshipValue, type Value } from '../../graph/values.js'
import { jsonFloat } from './json-codec.js'

/** The Neo4j HTTP API's shapes: a row holds property maps for graph elements, `meta` says what they were. */
interface ElementMeta {
  readonly id: number
  readonly elementId: string
  readonly type: 'node' | 'relationship'
  readonly deleted: boolean
}

function elementMeta(value: NodeValue | RelationshipValue): ElementMeta {
  const type = value instanceof NodeValue ? 'node' : 'relationship'
  return { id: value.id, elementId: value.elementId, type, deleted: false }
}

export function rowValue(value: Value): unknown {
  if (typeof value === 'number') return jsonFloat(value)
  if (value instanceof NodeValue || value instanceof RelationshipValue) return rowValue(value.properties as Value)
  if (value instanceof PathValue) return pathElements(value).map(rowValue)
  if (Array.isArray(value)) return value.map(rowValue)
  if (isMapValue(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rowValue(inner)]))
  return value
}

function metaValue(value: Value): unknown {
  if (value instanceof NodeValue || value instanceof RelationshipValue) return elementMeta(value)
  if (value instanceof PathValue) return pathElements(value).map(metaValue)
  if (Array.isArray(value)) return value.map(metaValue)
  return null
}

function pathElements(path: PathValue): (NodeValue | RelationshipValue)[] {
  return path.nodes.flatMap((node, index) => {
    const relationship = path.relationships[index]
    return relationship === undefined ? [node] : [node, relationship]
  })
}

function neo4jStats(stats: QueryStats): Record<string, unknown> {
  const counts = {
    nodes_created: stats.nodesCreated,
    nodes_deleted: stats.nodesDeleted,
    properties_set: stats.propertiesSet,
    relationships_created: stats.relationshipsCreated,
    relationship_deleted: stats.relationshipsDeleted,
    labels_added: stats.labelsAdded,
    labels_removed: stats.labelsRemoved,
    indexes_added: stats.indexesAdded,
    indexes_removed: stats.indexesRemoved,
    constraints_added: stats.constraintsAdded,
    constraints_removed: stats.constraintsRemoved,
  }
  return { contains_updates: Object.values(counts).some((count) => count > 0), ...counts }
}

export function neo4jResult(result: QueryResult, includeStats: boolean): Record<string, unknown> {
  const data = result.rows.map((row) => ({ row: row.map(rowValue), meta: row.map(metaValue) }))
  return { columns: result.columns, data, ...(includeStats ? { stats: neo4jStats(result.stats) } : {}) }
}
