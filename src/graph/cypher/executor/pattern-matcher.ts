import type { Direction, NodeRecord, RelationshipRecord } from '../../store/graph-store.js'
import { NodeValue, PathValue, RelationshipValue, isMapValue, type Value } from '../../values.js'
import { cypherEquals } from '../values/index.js'
import type { CompiledNodePattern, CompiledPath, CompiledRelationshipPattern } from './compile-pattern.js'
import { scanNodes, type NodeScan } from './node-scan.js'
import type { QueryContext } from './query-context.js'
import { extendRow, type Row } from './row.js'

/** Where matching a chain starts: a node bound by an earlier clause, or a scan. */
export type Anchor = { readonly index: number; readonly scan: NodeScan | undefined }

/** One traversed relationship and the node it led to, in traversal order. */
interface Hop {
  readonly relationship: RelationshipValue
  readonly node: NodeValue
}

interface Step {
  readonly relationship: number
  readonly from: number
  readonly to: number
  readonly forward: boolean
}

/** For pattern expressions: start at the first bound node, else scan from the first node. */
export function anchorOfBoundPath(path: CompiledPath, row: Row): Anchor {
  const bound = path.nodes.findIndex((node) => node.variable !== undefined && row[node.variable] !== undefined)
  if (bound >= 0) return { index: bound, scan: undefined }
  const labels = path.nodes[0]?.labels ?? []
  return { index: 0, scan: labels[0] === undefined ? { kind: 'all' } : { kind: 'label', label: labels[0] } }
}

/**
 * Every way the chain matches, given the bindings in `row`, each yielded as `row` extended with
 * the chain's variables. Relationships in `used` (taken by other chains of the same MATCH) are
 * skipped, and no relationship appears twice in one match: Cypher's trail semantics.
 */
export async function* matchPath(path: CompiledPath, anchor: Anchor, row: Row, context: QueryContext, used: Set<number>): AsyncIterable<Row> {
  const steps = stepsFrom(anchor.index, path.relationships.length)
  const nodes: (NodeValue | undefined)[] = new Array(path.nodes.length)
  const hops: Hop[][] = new Array(path.relationships.length)
  const startPattern = path.nodes[anchor.index]!
  for await (const start of anchorCandidates(anchor, startPattern, row, context)) {
    const bound = await bindNode(startPattern, start, row, context)
    if (bound === undefined) continue
    nodes[anchor.index] = start
    yield* expand(path, steps, 0, bound, nodes, hops, context, used)
  }
}

function stepsFrom(anchor: number, relationshipCount: number): Step[] {
  const steps: Step[] = []
  for (let j = anchor; j < relationshipCount; j++) steps.push({ relationship: j, from: j, to: j + 1, forward: true })
  for (let j = anchor - 1; j >= 0; j--) steps.push({ relationship: j, from: j + 1, to: j, forward: false })
  return steps
}

async function* anchorCandidates(anchor: Anchor, pattern: CompiledNodePattern, row: Row, context: QueryContext): AsyncIterable<NodeValue> {
  if (anchor.scan === undefined) {
    const bound = pattern.variable === undefined ? undefined : row[pattern.variable]
    if (!(bound instanceof NodeValue)) return
    const record = await context.reader.getNode(bound.id)
    if (record !== undefined) yield context.nodeValue(record)
    return
  }
  for await (const record of scanNodes(anchor.scan, row, context)) yield context.nodeValue(record)
}

async function* expand(
  path: CompiledPath,
  steps: readonly Step[],
  stepIndex: number,
  row: Row,
  nodes: (NodeValue | undefined)[],
  hops: Hop[][],
  context: QueryContext,
  used: Set<number>,
): AsyncIterable<Row> {
  const step = steps[stepIndex]
  if (step === undefined) {
    yield path.pathVariable === undefined ? row : extendRow(row, path.pathVariable, buildPath(steps, nodes, hops))
    return
  }
  const pattern = path.relationships[step.relationship]!
  const target = path.nodes[step.to]!
  const from = nodes[step.from]!
  for await (const traversal of traverse(pattern, from, directionOf(pattern, step.forward), row, context, used)) {
    const last = traversal[traversal.length - 1]
    const reached = last?.node ?? from
    let next = await bindNode(target, reached, row, context)
    if (next === undefined) continue
    if (pattern.variable !== undefined) {
      const relationships = traversal.map((hop) => hop.relationship)
      if (!step.forward) relationships.reverse()
      next = extendRow(next, pattern.variable, pattern.length === undefined ? relationships[0]! : relationships)
    }
    nodes[step.to] = reached
    hops[step.relationship] = traversal
    for (const hop of traversal) used.add(hop.relationship.id)
    try {
      yield* expand(path, steps, stepIndex + 1, next, nodes, hops, context, used)
    } finally {
      for (const hop of traversal) used.delete(hop.relationship.id)
    }
  }
}

function directionOf(pattern: CompiledRelationshipPattern, forward: boolean): Direction {
  if (pattern.direction === 'either') return 'both'
  return (pattern.direction === 'outgoing') === forward ? 'out' : 'in'
}

/** The relationships (one, or a walk for a variable length) leading from `from` that fit the pattern. */
async function* traverse(
  pattern: CompiledRelationshipPattern,
  from: NodeValue,
  direction: Direction,
  row: Row,
  context: QueryContext,
  used: ReadonlySet<number>,
): AsyncIterable<Hop[]> {
  const properties = pattern.properties === undefined ? undefined : await pattern.properties(row, context)
  const boundRelationship = pattern.variable === undefined ? undefined : row[pattern.variable]
  // A variable-length relationship bound to a list (by an earlier clause) must walk exactly that list.
  const boundWalk = pattern.length !== undefined && Array.isArray(boundRelationship) ? (boundRelationship as readonly Value[]) : undefined
  const { min, max } = boundWalk === undefined ? (pattern.length ?? { min: 1, max: 1 }) : { min: boundWalk.length, max: boundWalk.length }
  const walk: Hop[] = []
  const onWalk = new Set<number>()
  async function* extend(node: NodeValue): AsyncIterable<Hop[]> {
    if (walk.length >= min) yield [...walk]
    if (walk.length >= max) return
    for await (const record of context.reader.relationshipsOf(node.id, direction, pattern.types)) {
      if (used.has(record.id) || onWalk.has(record.id)) continue
      if (boundWalk !== undefined && (boundWalk[walk.length] as RelationshipValue | undefined)?.id !== record.id) continue
      if (!relationshipFits(record, properties, boundRelationship, pattern.length === undefined)) continue
      const next = await otherEnd(record, node, direction, context)
      if (next === undefined) continue
      const [start, end] = record.startId === node.id ? [node, next] : [next, node]
      walk.push({ relationship: await context.relationshipValue(record, start, end), node: next })
      onWalk.add(record.id)
      try {
        yield* extend(next)
      } finally {
        walk.pop()
        onWalk.delete(record.id)
      }
    }
  }
  yield* extend(from)
}

function relationshipFits(record: RelationshipRecord, properties: Value | undefined, bound: Value | undefined, singleHop: boolean): boolean {
  if (singleHop && bound !== undefined) {
    if (!(bound instanceof RelationshipValue) || bound.id !== record.id) return false
  }
  return properties === undefined || propertiesMatch(record.properties, properties)
}

async function otherEnd(record: RelationshipRecord, from: NodeValue, direction: Direction, context: QueryContext): Promise<NodeValue | undefined> {
  const otherId = direction === 'out' ? record.endId : direction === 'in' ? record.startId : record.startId === from.id ? record.endId : record.startId
  if (otherId === from.id) return from
  const other: NodeRecord | undefined = await context.reader.getNode(otherId)
  return other === undefined ? undefined : context.nodeValue(other)
}

/** The row with the node bound, or undefined if the node does not fit the pattern or the binding. */
async function bindNode(pattern: CompiledNodePattern, node: NodeValue, row: Row, context: QueryContext): Promise<Row | undefined> {
  if (!pattern.labels.every((label) => node.labels.includes(label))) return undefined
  if (pattern.properties !== undefined && !propertiesMatch(node.properties, await pattern.properties(row, context))) return undefined
  if (pattern.variable === undefined) return row
  const bound = row[pattern.variable]
  if (bound === undefined) return extendRow(row, pattern.variable, node)
  return bound instanceof NodeValue && bound.id === node.id ? row : undefined
}

/** `{k: v}` in a pattern: every entry must equal the stored property (null never does). */
function propertiesMatch(stored: Readonly<Record<string, Value>>, wanted: Value): boolean {
  if (!isMapValue(wanted)) return false
  for (const key of Object.keys(wanted)) {
    if (cypherEquals(stored[key] ?? null, wanted[key] ?? null) !== true) return false
  }
  return true
}

function buildPath(steps: readonly Step[], nodes: readonly (NodeValue | undefined)[], hops: readonly Hop[][]): PathValue {
  const pathNodes: NodeValue[] = [nodes[0]!]
  const pathRelationships: RelationshipValue[] = []
  for (let j = 0; j < hops.length; j++) {
    const traversal = hops[j]!
    const forward = steps.find((step) => step.relationship === j)?.forward ?? true
    if (forward) {
      for (const hop of traversal) {
        pathRelationships.push(hop.relationship)
        pathNodes.push(hop.node)
      }
    } else {
      for (let k = traversal.length - 1; k >= 0; k--) {
        pathRelationships.push(traversal[k]!.relationship)
        pathNodes.push(k === 0 ? nodes[j + 1]! : traversal[k - 1]!.node)
      }
    }
  }
  return new PathValue(pathNodes, pathRelationships)
}
