import type { Query, QueryBody, SingleQuery } from '../ast.js'
import { tokenize } from '../lexer.js'
import { parseSingleQuery } from './clause-parser.js'
import { Cursor } from './cursor.js'
import { syntaxError } from './errors.js'
import { parseSchemaCommand, startsSchemaCommand } from './schema-parser.js'

/**
 * Parses one statement into its syntax tree, without the semantic checks (`parseCypher` runs
 * both). Throws SyntaxError or FeatureNotSupported `NornicError`s.
 */
export function parseSyntax(text: string): Query {
  const c = new Cursor(text, tokenize(text))
  const position = c.position
  let prefix: Query['prefix']
  if (c.acceptKeyword('EXPLAIN')) prefix = 'EXPLAIN'
  else if (c.acceptKeyword('PROFILE')) prefix = 'PROFILE'
  const body: QueryBody = startsSchemaCommand(c) ? parseSchemaCommand(c) : parseUnion(c)
  c.acceptSymbol(';')
  if (!c.atEnd()) throw c.unexpected(body.kind === 'SingleQuery' || body.kind === 'UnionQuery' ? 'a clause, UNION or the end of the query' : 'the end of the command')
  return { kind: 'Query', position, prefix, body }
}

function parseUnion(c: Cursor): SingleQuery | QueryBody {
  const first = parseSingleQuery(c)
  if (!c.isKeyword('UNION')) return first
  const parts = [first]
  let all: boolean | undefined
  while (c.isKeyword('UNION')) {
    const position = c.next().position
    const partAll = c.acceptKeyword('ALL')
    if (all !== undefined && all !== partAll) {
      throw syntaxError('Invalid combination of UNION and UNION ALL', position, 'InvalidClauseComposition')
    }
    all = partAll
    parts.push(parseSingleQuery(c))
  }
  return { kind: 'UnionQuery', position: first.position, all: all ?? false, parts }
}
