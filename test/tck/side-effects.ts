import { NodeValue, RelationshipValue } from '../../src/graph/values.js'
import { canonical } from './values/canonical.js'

/**
 * Side effects as the TCK defines them (README.adoc, "Observability of side effects"): the
 * difference between what four queries return before and after the query under test.
 *
 * - nodes, relationships: the elements themselves, by identity;
 * - labels: the DISTINCT label names on nodes in the graph, so `CREATE (:A), (:A)` is
 *   +labels 1 and deleting the last :X node is -labels 1;
 * - properties: (entity, key, value) triples, so changing a value is -1 and +1, and
 *   deleting a node with five properties is -properties 5.
 *
 * All four derive from the nodes and relationships alone, so the runner reads the graph with
 * the two plainest queries (`MATCH (n) RETURN n`, `MATCH ()-[r]->() RETURN r`).
 */
export interface GraphState {
  readonly nodes: ReadonlySet<string>
  readonly relationships: ReadonlySet<string>
  readonly labels: ReadonlySet<string>
  readonly properties: ReadonlySet<string>
}

export const SIDE_EFFECT_KEYS = [
  '+nodes', '-nodes', '+relationships', '-relationships', '+labels', '-labels', '+properties', '-properties',
] as const

export type SideEffectKey = (typeof SIDE_EFFECT_KEYS)[number]
export type SideEffects = Readonly<Record<SideEffectKey, number>>

export const NO_SIDE_EFFECTS: SideEffects = Object.freeze(
  Object.fromEntries(SIDE_EFFECT_KEYS.map((key) => [key, 0])) as Record<SideEffectKey, number>,
)

export function graphState(nodes: readonly NodeValue[], relationships: readonly RelationshipValue[]): GraphState {
  const properties = new Set<string>()
  const addProperties = (entity: string, entries: Readonly<Record<string, unknown>>): void => {
    for (const [key, value] of Object.entries(entries)) properties.add(`${entity}.${key}=${canonical(value)}`)
  }
  for (const node of nodes) addProperties(`node ${node.id}`, node.properties)
  for (const relationship of relationships) addProperties(`relationship ${relationship.id}`, relationship.properties)
  return {
    nodes: new Set(nodes.map((node) => String(node.id))),
    relationships: new Set(relationships.map((relationship) => String(relationship.id))),
    labels: new Set(nodes.flatMap((node) => node.labels)),
    properties,
  }
}

export function sideEffects(before: GraphState, after: GraphState): SideEffects {
  const added = (kind: keyof GraphState): number => countMissing(after[kind], before[kind])
  const removed = (kind: keyof GraphState): number => countMissing(before[kind], after[kind])
  return {
    '+nodes': added('nodes'),
    '-nodes': removed('nodes'),
    '+relationships': added('relationships'),
    '-relationships': removed('relationships'),
    '+labels': added('labels'),
    '-labels': removed('labels'),
    '+properties': added('properties'),
    '-properties': removed('properties'),
  }
}

/** Reads `And the side effects should be:`; a quantity the table leaves out is zero. */
export function expectedSideEffects(table: readonly (readonly string[])[]): SideEffects {
  const expected: Record<SideEffectKey, number> = { ...NO_SIDE_EFFECTS }
  for (const [key = '', count = ''] of table) {
    if (!isSideEffectKey(key)) throw new Error(`unknown side effect ${JSON.stringify(key)}`)
    if (!/^\d+$/.test(count)) throw new Error(`side effect ${key} has a bad count ${JSON.stringify(count)}`)
    expected[key] = Number(count)
  }
  return expected
}

/** Lists every quantity that differs, or undefined when all match. */
export function sideEffectsMismatch(expected: SideEffects, actual: SideEffects): string | undefined {
  const differing = SIDE_EFFECT_KEYS.filter((key) => expected[key] !== actual[key])
  if (differing.length === 0) return undefined
  return `side effects differ: ${differing.map((key) => `${key} expected ${expected[key]}, got ${actual[key]}`).join('; ')}`
}

function isSideEffectKey(key: string): key is SideEffectKey {
  return (SIDE_EFFECT_KEYS as readonly string[]).includes(key)
}

function countMissing(from: ReadonlySet<string>, other: ReadonlySet<string>): number {
  let count = 0
  for (const item of from) if (!other.has(item)) count++
  return count
}

/** The nodes and relationships in query rows, checked to be what the reading queries promise. */
export function elementsOf<T extends NodeValue | RelationshipValue>(
  rows: readonly (readonly unknown[])[],
  kind: new (...args: never[]) => T,
): T[] {
  return rows.map((row) => {
    const element = row[0]
    if (!(element instanceof kind)) throw new Error(`reading the graph returned ${canonical(element)}, not a ${kind.name}`)
    return element
  })
}
