import type {
  Clause,
  Expression,
  Projection,
  ProjectionItem,
  RemoveItem,
  SetItem,
  SingleQuery,
  SortItem,
} from '../ast.js'
import { parseAtom } from './atom-parser.js'
import type { Cursor } from './cursor.js'
import { unsupportedFeature } from './errors.js'
import { parseExpression } from './expression-parser.js'
import { parseLabels, parsePattern, parsePatternPart } from './pattern-parser.js'

const CLAUSE_KEYWORDS = 'a clause (MATCH, OPTIONAL MATCH, UNWIND, WITH, RETURN, CREATE, MERGE, SET, REMOVE, DELETE)'

/** Clauses up to the end of the statement or the next UNION. */
export function parseSingleQuery(c: Cursor): SingleQuery {
  const position = c.position
  const clauses: Clause[] = [parseClause(c)]
  while (!c.atEnd() && !c.isSymbol(';') && !c.isKeyword('UNION')) clauses.push(parseClause(c))
  return { kind: 'SingleQuery', position, clauses }
}

function parseClause(c: Cursor): Clause {
  const token = c.peek()
  const position = token.position
  const word = token.type === 'identifier' ? token.value.toUpperCase() : ''
  switch (word) {
    case 'MATCH':
    case 'OPTIONAL': {
      const optional = c.acceptKeyword('OPTIONAL')
      c.expectKeyword('MATCH')
      const pattern = parsePattern(c)
      return { kind: 'Match', position, optional, pattern, where: parseOptionalWhere(c) }
    }
    case 'UNWIND': {
      c.next()
      const expression = parseExpression(c)
      c.expectKeyword('AS')
      return { kind: 'Unwind', position, expression, variable: c.expectName('a variable') }
    }
    case 'WITH': {
      c.next()
      const projection = parseProjection(c)
      return { kind: 'With', position, projection, where: parseOptionalWhere(c) }
    }
    case 'RETURN':
      c.next()
      return { kind: 'Return', position, projection: parseProjection(c) }
    case 'CREATE':
      c.next()
      return { kind: 'Create', position, pattern: parsePattern(c) }
    case 'MERGE':
      return parseMerge(c)
    case 'SET':
      c.next()
      return { kind: 'Set', position, items: parseSetItems(c) }
    case 'REMOVE': {
      c.next()
      const items = [parseRemoveItem(c)]
      while (c.acceptSymbol(',')) items.push(parseRemoveItem(c))
      return { kind: 'Remove', position, items }
    }
    case 'DELETE':
    case 'DETACH': {
      const detach = c.acceptKeyword('DETACH')
      c.expectKeyword('DELETE')
      const expressions = [parseExpression(c)]
      while (c.acceptSymbol(',')) expressions.push(parseExpression(c))
      return { kind: 'Delete', position, detach, expressions }
    }
    default:
      throw unsupportedClause(c) ?? c.unexpected(CLAUSE_KEYWORDS)
  }
}

/** Clauses of Cypher that nornic leaves out on purpose, named in the error. */
function unsupportedClause(c: Cursor): Error | undefined {
  const position = c.position
  if (c.isKeyword('CALL')) return unsupportedFeature(c.isSymbol('{', 1) ? 'CALL { ... } subqueries' : 'CALL procedures', position)
  if (c.isKeyword('FOREACH')) return unsupportedFeature('FOREACH', position)
  if (c.isKeyword('LOAD') && c.isKeyword('CSV', 1)) return unsupportedFeature('LOAD CSV', position)
  if (c.isKeyword('USE')) return unsupportedFeature('USE', position)
  if (c.isKeyword('FINISH')) return unsupportedFeature('FINISH', position)
  if (c.isKeyword('START')) return unsupportedFeature('START', position)
  return undefined
}

function parseOptionalWhere(c: Cursor): Expression | undefined {
  return c.acceptKeyword('WHERE') ? parseExpression(c) : undefined
}

function parseMerge(c: Cursor): Clause {
  const position = c.expectKeyword('MERGE').position
  const pattern = parsePatternPart(c)
  const onCreate: SetItem[] = []
  const onMatch: SetItem[] = []
  while (c.isKeyword('ON')) {
    c.next()
    let target = onCreate
    if (!c.acceptKeyword('CREATE')) {
      c.expectKeyword('MATCH')
      target = onMatch
    }
    c.expectKeyword('SET')
    target.push(...parseSetItems(c))
  }
  return { kind: 'Merge', position, pattern, onCreate, onMatch }
}

function parseProjection(c: Cursor): Projection {
  const position = c.position
  const distinct = c.acceptKeyword('DISTINCT')
  const star = c.acceptSymbol('*')
  const items: ProjectionItem[] = []
  if (!star || c.acceptSymbol(',')) {
    do items.push(parseProjectionItem(c))
    while (c.acceptSymbol(','))
  }
  let orderBy: SortItem[] | undefined
  if (c.isKeyword('ORDER')) {
    c.next()
    c.expectKeyword('BY')
    orderBy = [parseSortItem(c)]
    while (c.acceptSymbol(',')) orderBy.push(parseSortItem(c))
  }
  const skip = c.acceptKeyword('SKIP') || c.acceptKeyword('OFFSET') ? parseExpression(c) : undefined
  const limit = c.acceptKeyword('LIMIT') ? parseExpression(c) : undefined
  return { kind: 'Projection', position, distinct, star, items, orderBy, skip, limit }
}

function parseProjectionItem(c: Cursor): ProjectionItem {
  const position = c.position
  const expression = parseExpression(c)
  if (c.acceptKeyword('AS')) return { kind: 'ProjectionItem', position, expression, name: c.expectName('a column name'), aliased: true }
  const name = c.text.slice(position.offset, c.previousEnd)
  return { kind: 'ProjectionItem', position, expression, name, aliased: false }
}

function parseSortItem(c: Cursor): SortItem {
  const position = c.position
  const expression = parseExpression(c)
  let descending = false
  if (c.acceptKeyword('DESC') || c.acceptKeyword('DESCENDING')) descending = true
  else if (!c.acceptKeyword('ASC')) c.acceptKeyword('ASCENDING')
  return { kind: 'SortItem', position, expression, descending }
}

function parseSetItems(c: Cursor): SetItem[] {
  const items = [parseSetItem(c)]
  while (c.acceptSymbol(',')) items.push(parseSetItem(c))
  return items
}

function isVariableFollowedBy(c: Cursor, symbol: string): boolean {
  const type = c.peek().type
  return (type === 'identifier' || type === 'quotedIdentifier') && c.isSymbol(symbol, 1)
}

function parseSetItem(c: Cursor): SetItem {
  const position = c.position
  if (isVariableFollowedBy(c, ':')) {
    const variable = c.expectName('a variable')
    return { kind: 'SetLabels', position, variable, labels: parseLabels(c) }
  }
  if (isVariableFollowedBy(c, '=') || isVariableFollowedBy(c, '+=')) {
    const variable = c.expectName('a variable')
    const merge = c.next().value === '+='
    return { kind: 'SetVariable', position, variable, value: parseExpression(c), merge }
  }
  const { target, key } = parsePropertyTarget(c)
  c.expectSymbol('=')
  return { kind: 'SetProperty', position, target, key, value: parseExpression(c) }
}

function parseRemoveItem(c: Cursor): RemoveItem {
  const position = c.position
  if (isVariableFollowedBy(c, ':')) {
    const variable = c.expectName('a variable')
    return { kind: 'RemoveLabels', position, variable, labels: parseLabels(c) }
  }
  const { target, key } = parsePropertyTarget(c)
  return { kind: 'RemoveProperty', position, target, key }
}

/** `expression.key` where SET and REMOVE name a property: the last `.key` is split off. */
function parsePropertyTarget(c: Cursor): { target: Expression; key: string } {
  let target = parseAtom(c)
  if (!c.isSymbol('.')) throw c.unexpected("'.' and a property key")
  for (;;) {
    c.expectSymbol('.')
    const key = c.expectName('a property key')
    if (!c.isSymbol('.')) return { target, key }
    target = { kind: 'PropertyAccess', position: target.position, object: target, key }
  }
}
