import type { MapLiteral, NodePattern, Parameter, PathPattern, Pattern, PatternPart, RelationshipPattern } from '../ast.js'
import type { Cursor } from './cursor.js'
import { syntaxError, unsupportedFeature } from './errors.js'
import { parseMapLiteral, parseParameter } from './expression-parser.js'

/** `part (, part)*`, as after MATCH and CREATE. */
export function parsePattern(c: Cursor): Pattern {
  const position = c.position
  const parts = [parsePatternPart(c)]
  while (c.acceptSymbol(',')) parts.push(parsePatternPart(c))
  return { kind: 'Pattern', position, parts }
}

/** `[p =] (a)-[r]->(b)...`. */
export function parsePatternPart(c: Cursor): PatternPart {
  const position = c.position
  let pathVariable: string | undefined
  if ((c.peek().type === 'identifier' || c.peek().type === 'quotedIdentifier') && c.isSymbol('=', 1)) {
    pathVariable = c.expectName('a path name')
    c.expectSymbol('=')
  }
  rejectPathFunctions(c)
  return { kind: 'PatternPart', position, pathVariable, path: parsePathPattern(c) }
}

function rejectPathFunctions(c: Cursor): void {
  const token = c.peek()
  if (token.type !== 'identifier' || !c.isSymbol('(', 1)) return
  const name = token.value.toLowerCase()
  if (name === 'shortestpath' || name === 'allshortestpaths') throw unsupportedFeature(`${token.value}()`, token.position)
}

/** A node followed by any number of (relationship, node) steps. */
export function parsePathPattern(c: Cursor): PathPattern {
  const position = c.position
  const nodes = [parseNodePattern(c)]
  const relationships: RelationshipPattern[] = []
  while (startsRelationship(c)) {
    relationships.push(parseRelationshipPattern(c))
    nodes.push(parseNodePattern(c))
  }
  return { kind: 'PathPattern', position, nodes, relationships }
}

/** `-[`, `--`, `->`, `<-`: the ways a relationship can start after a node. */
export function startsRelationship(c: Cursor): boolean {
  if (c.isSymbol('<')) return c.isSymbol('-', 1)
  if (!c.isSymbol('-')) return false
  return c.isSymbol('[', 1) || c.isSymbol('-', 1) || c.isSymbol('>', 1)
}

export function parseNodePattern(c: Cursor): NodePattern {
  const position = c.expectSymbol('(').position
  const variable = parseOptionalVariable(c)
  const labels = parseLabels(c)
  const properties = parseOptionalProperties(c)
  c.expectSymbol(')')
  return { kind: 'NodePattern', position, variable, labels, properties }
}

function parseOptionalVariable(c: Cursor): string | undefined {
  const type = c.peek().type
  return type === 'identifier' || type === 'quotedIdentifier' ? c.expectName('a variable') : undefined
}

/** `:A:B`, as in node patterns and SET/REMOVE items. */
export function parseLabels(c: Cursor): string[] {
  const labels: string[] = []
  while (c.acceptSymbol(':')) {
    labels.push(c.expectName('a label name'))
    if (c.isSymbol('|')) throw unsupportedFeature('Label expressions', c.position)
  }
  return labels
}

function parseOptionalProperties(c: Cursor): MapLiteral | Parameter | undefined {
  if (c.isSymbol('{')) return parseMapLiteral(c)
  if (c.peek().type === 'parameter') return parseParameter(c)
  return undefined
}

function parseRelationshipPattern(c: Cursor): RelationshipPattern {
  const position = c.position
  const pointsLeft = c.acceptSymbol('<')
  c.expectSymbol('-')
  let variable: string | undefined
  let types: string[] = []
  let length: RelationshipPattern['length']
  let properties: MapLiteral | Parameter | undefined
  if (c.acceptSymbol('[')) {
    variable = parseOptionalVariable(c)
    types = parseRelationshipTypes(c)
    length = parseLength(c)
    properties = parseOptionalProperties(c)
    c.expectSymbol(']')
  }
  c.expectSymbol('-')
  const pointsRight = c.acceptSymbol('>')
  const direction = pointsLeft === pointsRight ? 'either' : pointsRight ? 'outgoing' : 'incoming'
  return { kind: 'RelationshipPattern', position, variable, types, direction, properties, length }
}

/** `:T|U` or `:T|:U`. */
function parseRelationshipTypes(c: Cursor): string[] {
  if (!c.acceptSymbol(':')) return []
  const types = [c.expectName('a relationship type')]
  while (c.acceptSymbol('|')) {
    c.acceptSymbol(':')
    types.push(c.expectName('a relationship type'))
  }
  return types
}

/** `*`, `*2`, `*1..3`, `*..3`, `*2..`; undefined when there is no star (a single hop). */
function parseLength(c: Cursor): RelationshipPattern['length'] {
  if (!c.acceptSymbol('*')) {
    if (c.isSymbol('..')) throw invalidRange(c, "a range needs a '*' before it, as in *1..3")
    return undefined
  }
  const min = parseOptionalBound(c)
  if (!c.acceptSymbol('..')) return { min, max: min }
  return { min, max: parseOptionalBound(c) }
}

function invalidRange(c: Cursor, why: string): Error {
  return syntaxError(`Invalid relationship length: ${why}`, c.position, 'InvalidRelationshipPattern')
}

function parseOptionalBound(c: Cursor): number | undefined {
  const token = c.peek()
  if (c.isSymbol('-')) throw invalidRange(c, 'bounds cannot be negative')
  if (token.type !== 'integer') return undefined
  c.next()
  return Number(BigInt(token.value))
}
