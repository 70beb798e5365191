import type { Position, SchemaCommand } from '../ast.js'
import type { Cursor } from './cursor.js'
import { unsupportedFeature } from './errors.js'

/** True when the statement at the cursor is an index or constraint command. */
export function startsSchemaCommand(c: Cursor): boolean {
  if (c.isKeyword('SHOW')) return true
  if (!c.isKeyword('CREATE') && !c.isKeyword('DROP')) return false
  const ahead = c.isKeyword('OR', 1) ? 3 : 1
  return c.isKeyword('INDEX', ahead) || c.isKeyword('CONSTRAINT', ahead) || c.isKeyword('INDEX', ahead + 1)
}

export function parseSchemaCommand(c: Cursor): SchemaCommand {
  const position = c.position
  if (c.acceptKeyword('SHOW')) return parseShow(c, position)
  if (c.acceptKeyword('DROP')) return parseDrop(c, position)
  c.expectKeyword('CREATE')
  if (c.isKeyword('OR')) throw unsupportedFeature('CREATE OR REPLACE', position)
  if (c.acceptKeyword('CONSTRAINT')) return parseCreateConstraint(c, position)
  if (!c.isKeyword('INDEX')) {
    const kind = c.peek().value.toUpperCase()
    if (kind !== 'RANGE' && kind !== 'BTREE') throw unsupportedFeature(`${kind} indexes`, c.position)
    c.next()
  }
  c.expectKeyword('INDEX')
  return parseCreateIndex(c, position)
}

function parseShow(c: Cursor, position: Position): SchemaCommand {
  if (c.acceptKeyword('INDEX') || c.acceptKeyword('INDEXES')) return { kind: 'ShowIndexes', position }
  if (c.acceptKeyword('CONSTRAINT') || c.acceptKeyword('CONSTRAINTS')) return { kind: 'ShowConstraints', position }
  const word = c.peek().value
  if (c.peek().type === 'identifier') throw unsupportedFeature(`SHOW ${word.toUpperCase()}`, c.position)
  throw c.unexpected('INDEXES or CONSTRAINTS')
}

function parseDrop(c: Cursor, position: Position): SchemaCommand {
  const isIndex = c.acceptKeyword('INDEX')
  if (!isIndex) c.expectKeyword('CONSTRAINT')
  if (c.isKeyword('ON')) throw unsupportedFeature(`DROP ${isIndex ? 'INDEX' : 'CONSTRAINT'} ON (dropping by schema)`, c.position)
  const name = c.expectName(`the ${isIndex ? 'index' : 'constraint'} name`)
  const ifExists = c.acceptKeyword('IF')
  if (ifExists) c.expectKeyword('EXISTS')
  return isIndex ? { kind: 'DropIndex', position, name, ifExists } : { kind: 'DropConstraint', position, name, ifExists }
}

/** The optional name and IF NOT EXISTS shared by both CREATE commands; stops at FOR or ON. */
function parseNameAndGuard(c: Cursor): { name: string | undefined; ifNotExists: boolean } {
  let name: string | undefined
  const atGuard = c.isKeyword('IF') && c.isKeyword('NOT', 1)
  if (!atGuard && !(c.isKeyword('FOR') && c.isSymbol('(', 1)) && !(c.isKeyword('ON') && (c.isSymbol('(', 1) || c.isSymbol(':', 1)))) {
    name = c.expectName('a name, IF NOT EXISTS, FOR or ON')
  }
  const ifNotExists = c.acceptKeyword('IF')
  if (ifNotExists) {
    c.expectKeyword('NOT')
    c.expectKeyword('EXISTS')
  }
  return { name, ifNotExists }
}

/** `FOR (n:Label)` (or the older `ON (n:Label)`); returns the variable and label. */
function parseLabelledNode(c: Cursor): { variable: string; label: string } {
  if (!c.acceptKeyword('FOR')) c.expectKeyword('ON')
  if (c.isSymbol('(') && c.isSymbol(')', 1)) throw unsupportedFeature('Relationship indexes and constraints', c.position)
  c.expectSymbol('(')
  const variable = c.expectName('a variable')
  c.expectSymbol(':')
  const label = c.expectName('a label name')
  c.expectSymbol(')')
  return { variable, label }
}

function parsePropertyOf(c: Cursor, variable: string): string {
  if (c.peek().value !== variable) throw c.unexpected(`'${variable}.' and a property key`)
  c.next()
  c.expectSymbol('.')
  return c.expectName('a property key')
}

function parseCreateIndex(c: Cursor, position: Position): SchemaCommand {
  const { name, ifNotExists } = parseNameAndGuard(c)
  if (c.isKeyword('ON') && c.isSymbol(':', 1)) {
    // The older form: CREATE INDEX ON :Label(property, ...).
    c.next()
    c.next()
    const label = c.expectName('a label name')
    c.expectSymbol('(')
    const properties = [c.expectName('a property key')]
    while (c.acceptSymbol(',')) properties.push(c.expectName('a property key'))
    c.expectSymbol(')')
    return { kind: 'CreateIndex', position, name, ifNotExists, label, properties }
  }
  const { variable, label } = parseLabelledNode(c)
  c.expectKeyword('ON')
  c.expectSymbol('(')
  const properties = [parsePropertyOf(c, variable)]
  while (c.acceptSymbol(',')) properties.push(parsePropertyOf(c, variable))
  c.expectSymbol(')')
  return { kind: 'CreateIndex', position, name, ifNotExists, label, properties }
}

function parseCreateConstraint(c: Cursor, position: Position): SchemaCommand {
  const { name, ifNotExists } = parseNameAndGuard(c)
  const { variable, label } = parseLabelledNode(c)
  if (!c.acceptKeyword('REQUIRE')) c.expectKeyword('ASSERT')
  const property = parsePropertyOf(c, variable)
  c.expectKeyword('IS')
  if (c.isKeyword('NOT') || c.isKeyword('NODE') || c.isSymbol('::')) throw unsupportedFeature('Constraints other than IS UNIQUE', c.position)
  c.expectKeyword('UNIQUE')
  return { kind: 'CreateConstraint', position, name, ifNotExists, label, property }
}
