/**
 * The values a graph holds and a query returns.
 *
 * Integers are `bigint` (all 64 bits exact) and floats are `number`, so the type of a value
 * says which Cypher type it is. Maps are plain objects; nodes, relationships and paths are
 * class instances, which is how a map is told apart from them.
 */
export type Value =
  | null
  | boolean
  | bigint
  | number
  | string
  | ListValue
  | MapValue
  | NodeValue
  | RelationshipValue
  | PathValue

export type ListValue = readonly Value[]

export interface MapValue {
  readonly [key: string]: Value
}

/** A property value: what a node or relationship may store (no maps, no graph elements). */
export type PropertyValue = null | boolean | bigint | number | string | readonly PropertyValue[]

export type PropertyMap = Readonly<Record<string, PropertyValue>>

export const INT64_MIN = -(2n ** 63n)
export const INT64_MAX = 2n ** 63n - 1n

/** A node as a query result holds it: a snapshot taken when the row was produced. */
export class NodeValue {
  constructor(
    readonly id: number,
    readonly elementId: string,
    readonly labels: readonly string[],
    readonly properties: PropertyMap,
  ) {}
}

export class RelationshipValue {
  constructor(
    readonly id: number,
    readonly elementId: string,
    readonly type: string,
    readonly startId: number,
    readonly endId: number,
    readonly properties: PropertyMap,
    readonly startElementId: string,
    readonly endElementId: string,
  ) {}
}

/** nodes.length === relationships.length + 1; relationships[i] joins nodes[i] and nodes[i + 1]. */
export class PathValue {
  constructor(
    readonly nodes: readonly NodeValue[],
    readonly relationships: readonly RelationshipValue[],
  ) {}
}

export function isMapValue(value: Value | undefined): value is MapValue {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}
