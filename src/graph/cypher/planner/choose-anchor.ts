import type { IndexDefinition } from '../../store/graph-store.js'
import type { Expression, NodePattern, PathPattern } from '../ast.js'
import type { Evaluator } from '../executor/evaluator.js'
import type { IndexBound, NodeScan } from '../executor/node-scan.js'
import type { Anchor } from '../executor/pattern-matcher.js'
import { variablesIn } from './ast-walk.js'

type RangeOperator = IndexBound['operator']

/** A predicate `variable.property <op> value` usable by an index, `value` needing only bound variables. */
interface PropertyCondition {
  readonly variable: string
  readonly property: string
  readonly operator: RangeOperator
  readonly value: Expression
}

export interface AnchorChoice {
  readonly anchor: Anchor
  /** EXPLAIN's operator for the start: Argument, NodeIndexSeek, NodeIndexRangeSeek, NodeByLabelScan, AllNodesScan. */
  readonly operator: string
  readonly details: string
}

const FLIPPED: Record<RangeOperator, RangeOperator> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' }

/**
 * Where to start matching a chain: a node an earlier clause bound; else an index seek on a
 * labelled node with an equality (then a range) condition; else the first label scan; else
 * every node. The scan only proposes candidates: the pattern and WHERE still filter them.
 */
export function chooseAnchor(
  path: PathPattern,
  bound: ReadonlySet<string>,
  where: Expression | undefined,
  indexes: readonly IndexDefinition[],
  compile: (expression: Expression) => Evaluator,
): AnchorChoice {
  const boundIndex = path.nodes.findIndex((node) => node.variable !== undefined && bound.has(node.variable))
  if (boundIndex >= 0) {
    return { anchor: { index: boundIndex, scan: undefined }, operator: 'Argument', details: `(${path.nodes[boundIndex]!.variable})` }
  }
  const conditions = [...inlineConditions(path.nodes, bound), ...whereConditions(where, bound)]
  for (const wantEquality of [true, false]) {
    for (const [index, node] of path.nodes.entries()) {
      for (const label of node.labels) {
        const seek = indexSeek(node, label, conditions, indexes, wantEquality, compile)
        if (seek !== undefined) return { anchor: { index, scan: seek.scan }, operator: seek.operator, details: seek.details }
      }
    }
  }
  const labelled = path.nodes.findIndex((node) => node.labels.length > 0)
  if (labelled >= 0) {
    const node = path.nodes[labelled]!
    const label = node.labels[0]!
    return { anchor: { index: labelled, scan: { kind: 'label', label } }, operator: 'NodeByLabelScan', details: `(${node.variable ?? ''}:${label})` }
  }
  return { anchor: { index: 0, scan: { kind: 'all' } }, operator: 'AllNodesScan', details: `(${path.nodes[0]?.variable ?? ''})` }
}

function indexSeek(
  node: NodePattern,
  label: string,
  conditions: readonly PropertyCondition[],
  indexes: readonly IndexDefinition[],
  wantEquality: boolean,
  compile: (expression: Expression) => Evaluator,
): { scan: NodeScan; operator: string; details: string } | undefined {
  const variable = node.variable ?? ''
  for (const index of indexes) {
    if (index.label !== label) continue
    const usable = conditions.filter((c) => c.variable === variable && c.property === index.property)
    const equality = usable.find((c) => c.operator === '=')
    const chosen = wantEquality ? (equality === undefined ? [] : [equality]) : usable.filter((c) => c.operator !== '=')
    if (chosen.length === 0) continue
    const bounds = chosen.map((c) => ({ operator: c.operator, value: compile(c.value) }))
    const predicate = chosen.map((c) => `${c.operator} ${describe(c.value)}`).join(' AND ')
    return {
      scan: { kind: 'index', label, property: index.property, bounds },
      operator: wantEquality ? 'NodeIndexSeek' : 'NodeIndexRangeSeek',
      details: `RANGE INDEX ${index.name} FOR (${variable}:${label}) ON (${variable}.${index.property}) WHERE ${variable}.${index.property} ${predicate}`,
    }
  }
  return undefined
}

function describe(expression: Expression): string {
  switch (expression.kind) {
    case 'Parameter':
      return `$${expression.name}`
    case 'StringLiteral':
      return JSON.stringify(expression.value)
    case 'IntegerLiteral':
    case 'FloatLiteral':
    case 'BooleanLiteral':
      return String(expression.value)
    case 'Variable':
      return expression.name
    default:
      return expression.kind
  }
}

function dependsOnlyOn(expression: Expression, bound: ReadonlySet<string>): boolean {
  return [...variablesIn(expression)].every((name) => bound.has(name))
}

function inlineConditions(nodes: readonly NodePattern[], bound: ReadonlySet<string>): PropertyCondition[] {
  return nodes.flatMap((node) => {
    if (node.variable === undefined || node.properties?.kind !== 'MapLiteral') return []
    return node.properties.entries
      .filter((entry) => dependsOnlyOn(entry.value, bound))
      .map((entry) => ({ variable: node.variable!, property: entry.key, operator: '=' as const, value: entry.value }))
  })
}

/** The AND-ed comparisons of WHERE that have a property of a pattern node on one side. */
function whereConditions(where: Expression | undefined, bound: ReadonlySet<string>): PropertyCondition[] {
  if (where === undefined || where.kind !== 'Binary') return []
  if (where.operator === 'AND') return [...whereConditions(where.left, bound), ...whereConditions(where.right, bound)]
  const operator = where.operator
  if (operator !== '=' && operator !== '<' && operator !== '<=' && operator !== '>' && operator !== '>=') return []
  const conditions: PropertyCondition[] = []
  for (const [property, value, op] of [
    [where.left, where.right, operator],
    [where.right, where.left, FLIPPED[operator]],
  ] as const) {
    if (property.kind === 'PropertyAccess' && property.object.kind === 'Variable' && dependsOnlyOn(value, bound)) {
      conditions.push({ variable: property.object.name, property: property.key, operator: op, value })
    }
  }
  return conditions
}
