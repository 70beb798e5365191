import { NornicError } from '../../errors/index.js'
import { isMapValue, NodeValue, PathValue, RelationshipValue, type MapValue, type PropertyMap, type Value } from '../../graph/values.js'
import { Structure, type PackMap, type PackValue } from './packstream.js'

/**
 * Graph values as Bolt structures. Bolt 5 adds element ids to Node, Relationship and
 * UnboundRelationship; Bolt 4.4 has the numeric ids only.
 */
const NODE = 0x4e
const RELATIONSHIP = 0x52
const UNBOUND_RELATIONSHIP = 0x72
const PATH = 0x50

export interface StructureForm {
  readonly elementIds: boolean
}

export function toPackValue(value: Value, form: StructureForm): PackValue {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((item: Value) => toPackValue(item, form))
  if (value instanceof NodeValue) return nodeStructure(value, form)
  if (value instanceof RelationshipValue) return relationshipStructure(value, form)
  if (value instanceof PathValue) return pathStructure(value, form)
  const map: Record<string, PackValue> = {}
  for (const [key, item] of Object.entries(value as MapValue)) map[key] = toPackValue(item, form)
  return map
}

function properties(map: PropertyMap): PackMap {
  return map as PackMap
}

function nodeStructure(node: NodeValue, form: StructureForm): Structure {
  const fields: PackValue[] = [BigInt(node.id), [...node.labels], properties(node.properties)]
  if (form.elementIds) fields.push(node.elementId)
  return new Structure(NODE, fields)
}

function relationshipStructure(rel: RelationshipValue, form: StructureForm): Structure {
  const fields: PackValue[] = [BigInt(rel.id), BigInt(rel.startId), BigInt(rel.endId), rel.type, properties(rel.properties)]
  if (form.elementIds) fields.push(rel.elementId, rel.startElementId, rel.endElementId)
  return new Structure(RELATIONSHIP, fields)
}

/**
 * A path as Bolt sends it: its distinct nodes, its distinct relationships without ends, and a walk of
 * indexes (relationship index, 1-based and negative when walked against its direction, then node index).
 */
function pathStructure(path: PathValue, form: StructureForm): Structure {
  const nodeIndex = new Map<number, number>()
  const relIndex = new Map<number, number>()
  const nodes: PackValue[] = []
  const rels: PackValue[] = []
  const indexOfNode = (node: NodeValue): number => {
    let index = nodeIndex.get(node.id)
    if (index === undefined) {
      index = nodes.length
      nodeIndex.set(node.id, index)
      nodes.push(nodeStructure(node, form))
    }
    return index
  }
  indexOfNode(path.nodes[0]!)
  const walk: PackValue[] = []
  path.relationships.forEach((rel, i) => {
    let index = relIndex.get(rel.id)
    if (index === undefined) {
      index = rels.length + 1
      relIndex.set(rel.id, index)
      const fields: PackValue[] = [BigInt(rel.id), rel.type, properties(rel.properties)]
      if (form.elementIds) fields.push(rel.elementId)
      rels.push(new Structure(UNBOUND_RELATIONSHIP, fields))
    }
    const from = path.nodes[i]!
    walk.push(BigInt(rel.startId === from.id ? index : -index), BigInt(indexOfNode(path.nodes[i + 1]!)))
  })
  return new Structure(PATH, [nodes, rels, walk])
}

/** Query parameters from a RUN message as graph values; structures and byte arrays are not values nornic holds. */
export function toParameters(map: PackMap): MapValue {
  const parameters = toValue(map, '$')
  if (!isMapValue(parameters)) throw new NornicError('Neo.ClientError.Request.Invalid', 'the parameters of RUN must be a map')
  return parameters
}

function toValue(value: PackValue, path: string): Value {
  if (value === null || typeof value !== 'object') return value
  if (value instanceof Structure) {
    throw new NornicError('Neo.ClientError.Statement.FeatureNotSupported', `parameter ${path} is a structure (tag 0x${value.tag.toString(16)}); nornic takes no temporal, spatial or graph values as parameters`)
  }
  if (value instanceof Uint8Array) {
    throw new NornicError('Neo.ClientError.Statement.FeatureNotSupported', `parameter ${path} is a byte array; nornic stores no byte arrays`)
  }
  if (Array.isArray(value)) return value.map((item: PackValue, i) => toValue(item, `${path}[${i}]`))
  const map: Record<string, Value> = {}
  for (const [key, item] of Object.entries(value as PackMap)) {
    Object.defineProperty(map, key, { value: toValue(item, path === '$' ? `$${key}` : `${path}.${key}`), enumerable: true, writable: true, configurable: true })
  }
  return map
}
