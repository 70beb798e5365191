/**
 * The key layout of the graph store (see DESIGN.md next to this file). Keys are strings compared
 * as UTF-8 bytes by level; every id is zero-padded to a fixed width so ids sort numerically, and
 * every free-text part (label, type, index name) is escaped and terminated so no part can be a
 * prefix of another.
 */

const ID_WIDTH = 16

export const META_APPLIED_INDEX = 'm:applied'
export const META_NEXT_NODE_ID = 'm:next-node'
export const META_NEXT_RELATIONSHIP_ID = 'm:next-rel'
export const META_NODE_COUNT = 'm:node-count'
export const META_RELATIONSHIP_COUNT = 'm:rel-count'
/** Present only while restore() runs; a store opened with it holds half a snapshot. */
export const META_RESTORING = 'm:restoring'

const NODE = 'n:'
const RELATIONSHIP = 'r:'
const LABEL = 'l:'
const ADJACENCY = 'a:'
const PROPERTY_INDEX = 'x:'
const INDEX_DEFINITION = 's:i:'
const CONSTRAINT_DEFINITION = 's:c:'

export type AdjacencyDirection = 'o' | 'i'

/** A half-open key interval: gte <= key < lt. */
export interface KeyRange {
  readonly gte: string
  readonly lt: string
}

export function encodeId(id: number): string {
  if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`an element id must be a non-negative safe integer, got ${id}`)
  return String(id).padStart(ID_WIDTH, '0')
}

/** The id at the end of a key (every key that ends in an id ends in exactly ID_WIDTH digits). */
export function idAtEndOf(key: string): number {
  return Number(key.slice(-ID_WIDTH))
}

/**
 * Escapes \x00 and \x01 and ends the part with \x00, so that escaped parts keep their order,
 * and "A" can never be read as a prefix of "AB".
 */
export function encodeKeyPart(text: string): string {
  return `${text.replace(/[\x00\x01]/g, (char) => (char === '\x00' ? '\x01\x01' : '\x01\x02'))}\x00`
}

/** Every key that starts with `prefix`. The prefix must end in an ASCII character. */
export function prefixRange(prefix: string): KeyRange {
  const last = prefix.charCodeAt(prefix.length - 1)
  if (!(last < 0x7f)) throw new RangeError('a key prefix must end in an ASCII character')
  return { gte: prefix, lt: prefix.slice(0, -1) + String.fromCharCode(last + 1) }
}

export const nodeKey = (id: number): string => NODE + encodeId(id)
export const relationshipKey = (id: number): string => RELATIONSHIP + encodeId(id)
export const allNodesRange = (): KeyRange => prefixRange(NODE)
export const allRelationshipsRange = (): KeyRange => prefixRange(RELATIONSHIP)

export const labelKey = (label: string, nodeId: number): string => LABEL + encodeKeyPart(label) + encodeId(nodeId)
export const labelRange = (label: string): KeyRange => prefixRange(LABEL + encodeKeyPart(label))

export function adjacencyKey(nodeId: number, direction: AdjacencyDirection, type: string, relationshipId: number): string {
  return ADJACENCY + encodeId(nodeId) + direction + encodeKeyPart(type) + encodeId(relationshipId)
}

/** All of a node's relationships in one direction, or only those of one type. */
export function adjacencyRange(nodeId: number, direction: AdjacencyDirection, type?: string): KeyRange {
  return prefixRange(ADJACENCY + encodeId(nodeId) + direction + (type === undefined ? '' : encodeKeyPart(type)))
}

/** Every relationship touching the node, both directions. */
export const anyAdjacencyRange = (nodeId: number): KeyRange => prefixRange(ADJACENCY + encodeId(nodeId))

/** The prefix of an index's entries; an entry is prefix + encoded value + node id. */
export const propertyIndexPrefix = (indexName: string): string => PROPERTY_INDEX + encodeKeyPart(indexName)

export function propertyIndexEntryKey(indexName: string, encodedValue: string, nodeId: number): string {
  return propertyIndexPrefix(indexName) + encodedValue + encodeId(nodeId)
}

/** An index entry without its node id: entries with equal values share it. */
export const withoutId = (key: string): string => key.slice(0, -ID_WIDTH)

export const indexDefinitionKey = (name: string): string => INDEX_DEFINITION + encodeKeyPart(name)
export const constraintDefinitionKey = (name: string): string => CONSTRAINT_DEFINITION + encodeKeyPart(name)
export const indexDefinitionsRange = (): KeyRange => prefixRange(INDEX_DEFINITION)
export const constraintDefinitionsRange = (): KeyRange => prefixRange(CONSTRAINT_DEFINITION)

/**
 * Orders strings as level orders their UTF-8 bytes: by code point. Plain `<` compares UTF-16
 * code units, which puts U+E000..U+FFFF after astral characters; shifting the code units fixes
 * that without decoding.
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return codePointRank(x) - codePointRank(y)
  }
  return a.length - b.length
}

function codePointRank(codeUnit: number): number {
  if (codeUnit >= 0xd800 && codeUnit <= 0xdfff) return codeUnit + 0x2000
  if (codeUnit >= 0xe000) return codeUnit - 0x800
  return codeUnit
}
