import type { CaseAlternative, Expression, MapProjectionItem, Position } from '../ast.js'
import { isNornicError } from '../../../errors/index.js'
import type { Cursor } from './cursor.js'
import { syntaxError, unsupportedFeature } from './errors.js'
import { parseExpression, parseMapLiteral, parseParameter } from './expression-parser.js'
import { parsePathPattern } from './pattern-parser.js'

/**
 * The smallest expressions: literals, parameters, variables, function calls, CASE, list and
 * pattern comprehensions, map projections, quantifiers, reduce, and parenthesised expressions
 * or patterns.
 */
export function parseAtom(c: Cursor): Expression {
  const token = c.peek()
  const position = token.position
  switch (token.type) {
    case 'integer':
      c.next()
      return { kind: 'IntegerLiteral', position, value: parseIntegerText(token.value) }
    case 'float':
      c.next()
      return { kind: 'FloatLiteral', position, value: parseFloatText(token.value, position) }
    case 'invalidNumber':
      throw syntaxError(`Invalid number literal '${token.value}'`, position, 'InvalidNumberLiteral')
    case 'string':
      c.next()
      return { kind: 'StringLiteral', position, value: token.value }
    case 'parameter':
      return parseParameter(c)
    case 'symbol':
      if (token.value === '[') return parseBracket(c)
      if (token.value === '{') return parseMapLiteral(c)
      if (token.value === '(') return parseParenthesis(c)
      throw c.unexpected('an expression')
    case 'identifier':
      return parseWordAtom(c)
    case 'quotedIdentifier':
      return parseNameAtom(c)
    case 'eof':
      throw c.unexpected('an expression')
  }
}

function parseIntegerText(text: string): bigint {
  const lower = text.toLowerCase()
  // BigInt reads the 0x and 0o prefixes itself. A bare leading zero is the older octal form
  // (`017` is 15), kept because Neo4j still reads it that way; the lexer let only octal digits through.
  if (lower.length > 1 && lower.startsWith('0') && /^\d+$/.test(lower)) return BigInt(`0o${lower.slice(1)}`)
  return BigInt(lower)
}

function parseFloatText(text: string, position: Position): number {
  const value = Number(text)
  if (!Number.isFinite(value)) throw syntaxError(`Float literal ${text} is out of range`, position, 'FloatingPointOverflow')
  return value
}

const QUANTIFIERS = new Set(['any', 'all', 'none', 'single'])

/** An unquoted word: a keyword-led expression, a function call or a variable. */
function parseWordAtom(c: Cursor): Expression {
  const token = c.peek()
  const position = token.position
  const word = token.value.toUpperCase()
  if (word === 'TRUE' || word === 'FALSE') {
    c.next()
    return { kind: 'BooleanLiteral', position, value: word === 'TRUE' }
  }
  if (word === 'NULL') {
    c.next()
    return { kind: 'NullLiteral', position }
  }
  if (word === 'CASE') return parseCase(c)
  if ((word === 'EXISTS' || word === 'COUNT' || word === 'COLLECT') && c.isSymbol('{', 1)) {
    throw unsupportedFeature(`${word} { ... } subqueries`, position)
  }
  if (c.isSymbol('(', 1)) {
    if (word === 'COUNT' && c.isSymbol('*', 2) && c.isSymbol(')', 3)) {
      c.next()
      c.next()
      c.next()
      c.next()
      return { kind: 'CountStar', position }
    }
    if (QUANTIFIERS.has(token.value.toLowerCase()) && isNameAt(c, 2) && c.isKeyword('IN', 3)) return parseQuantifier(c)
    if (word === 'REDUCE') return parseReduce(c)
    if (word === 'SHORTESTPATH' || word === 'ALLSHORTESTPATHS') throw unsupportedFeature(`${token.value}()`, position)
  }
  return parseNameAtom(c)
}

function isNameAt(c: Cursor, ahead: number): boolean {
  const type = c.peek(ahead).type
  return type === 'identifier' || type === 'quotedIdentifier'
}

/** A function call `ns.name(...)`, a map projection `v{...}` or a plain variable. */
function parseNameAtom(c: Cursor): Expression {
  const position = c.position
  let ahead = 1
  while (c.isSymbol('.', ahead) && isNameAt(c, ahead + 1)) ahead += 2
  if (c.isSymbol('(', ahead)) return parseFunctionCall(c, ahead)
  const name = c.expectName('an expression')
  if (c.isSymbol('{')) return parseMapProjection(c, name, position)
  return { kind: 'Variable', position, name }
}

function parseFunctionCall(c: Cursor, nameTokens: number): Expression {
  const position = c.position
  const parts: string[] = []
  for (let index = 0; index < nameTokens; index += 1) {
    const token = c.next()
    if (token.type !== 'symbol') parts.push(token.value)
  }
  const name = parts.join('.')
  c.expectSymbol('(')
  const distinct = c.acceptKeyword('DISTINCT')
  const args: Expression[] = []
  if (!c.isSymbol(')')) {
    do args.push(parseExpression(c))
    while (c.acceptSymbol(','))
  }
  c.expectSymbol(')')
  return { kind: 'FunctionCall', position, name, distinct, args }
}

function parseMapProjection(c: Cursor, variable: string, position: Position): Expression {
  c.expectSymbol('{')
  const items: MapProjectionItem[] = []
  if (!c.isSymbol('}')) {
    do items.push(parseMapProjectionItem(c))
    while (c.acceptSymbol(','))
  }
  c.expectSymbol('}')
  return { kind: 'MapProjection', position, variable, items }
}

function parseMapProjectionItem(c: Cursor): MapProjectionItem {
  const position = c.position
  if (c.acceptSymbol('.')) {
    if (c.acceptSymbol('*')) return { kind: 'AllPropertiesSelector', position }
    return { kind: 'PropertySelector', position, key: c.expectName("a property key or '*'") }
  }
  const name = c.expectName("a property selector, a key or a variable")
  if (!c.acceptSymbol(':')) return { kind: 'VariableSelector', position, name }
  return { kind: 'LiteralEntry', position, key: name, value: parseExpression(c) }
}

function parseCase(c: Cursor): Expression {
  const position = c.expectKeyword('CASE').position
  const subject = c.isKeyword('WHEN') ? undefined : parseExpression(c)
  const alternatives: CaseAlternative[] = []
  while (c.isKeyword('WHEN')) {
    const alternativePosition = c.next().position
    const when = parseExpression(c)
    c.expectKeyword('THEN')
    alternatives.push({ kind: 'CaseAlternative', position: alternativePosition, when, then: parseExpression(c) })
  }
  if (alternatives.length === 0) throw c.unexpected('WHEN')
  const otherwise = c.acceptKeyword('ELSE') ? parseExpression(c) : undefined
  c.expectKeyword('END')
  return { kind: 'Case', position, subject, alternatives, otherwise }
}

function parseQuantifier(c: Cursor): Expression {
  const token = c.next()
  c.expectSymbol('(')
  const variable = c.expectName('a variable')
  c.expectKeyword('IN')
  const list = parseExpression(c)
  c.expectKeyword('WHERE')
  const predicate = parseExpression(c)
  c.expectSymbol(')')
  const quantifier = token.value.toLowerCase() as 'any' | 'all' | 'none' | 'single'
  return { kind: 'Quantifier', position: token.position, quantifier, variable, list, predicate }
}

function parseReduce(c: Cursor): Expression {
  const position = c.next().position
  c.expectSymbol('(')
  const accumulator = c.expectName('an accumulator variable')
  c.expectSymbol('=')
  const init = parseExpression(c)
  c.expectSymbol(',')
  const variable = c.expectName('a variable')
  c.expectKeyword('IN')
  const list = parseExpression(c)
  c.expectSymbol('|')
  const expression = parseExpression(c)
  c.expectSymbol(')')
  return { kind: 'Reduce', position, accumulator, init, variable, list, expression }
}

/** `[`: a list comprehension, a pattern comprehension or a list literal. */
function parseBracket(c: Cursor): Expression {
  const position = c.position
  if (isNameAt(c, 1) && c.isKeyword('IN', 2)) return parseListComprehension(c)
  const comprehension = tryPatternComprehension(c)
  if (comprehension !== undefined) return comprehension
  c.expectSymbol('[')
  const elements: Expression[] = []
  if (!c.isSymbol(']')) {
    do elements.push(parseExpression(c))
    while (c.acceptSymbol(','))
  }
  c.expectSymbol(']')
  return { kind: 'ListLiteral', position, elements }
}

function parseListComprehension(c: Cursor): Expression {
  const position = c.expectSymbol('[').position
  const variable = c.expectName('a variable')
  c.expectKeyword('IN')
  const list = parseExpression(c)
  const where = c.acceptKeyword('WHERE') ? parseExpression(c) : undefined
  const projection = c.acceptSymbol('|') ? parseExpression(c) : undefined
  c.expectSymbol(']')
  return { kind: 'ListComprehension', position, variable, list, where, projection }
}

/** `[p = (a)-->(b) WHERE ... | e]`; undefined (with the cursor untouched) when it is not one. */
function tryPatternComprehension(c: Cursor): Expression | undefined {
  const startsLikeOne = c.isSymbol('(', 1) || (isNameAt(c, 1) && c.isSymbol('=', 2) && c.isSymbol('(', 3))
  if (!startsLikeOne) return undefined
  const mark = c.mark()
  const position = c.expectSymbol('[').position
  let pathVariable: string | undefined
  if (!c.isSymbol('(')) {
    pathVariable = c.expectName('a path name')
    c.expectSymbol('=')
  }
  const path = attempt(c, () => {
    const parsed = parsePathPattern(c)
    return parsed.relationships.length > 0 && (c.isKeyword('WHERE') || c.isSymbol('|')) ? parsed : undefined
  })
  if (path === undefined) {
    c.reset(mark)
    return undefined
  }
  const where = c.acceptKeyword('WHERE') ? parseExpression(c) : undefined
  c.expectSymbol('|')
  const projection = parseExpression(c)
  c.expectSymbol(']')
  return { kind: 'PatternComprehension', position, pathVariable, path, where, projection }
}

/** `(`: a pattern such as `(n)-->()`, or else a parenthesised expression. */
function parseParenthesis(c: Cursor): Expression {
  const mark = c.mark()
  const path = looksLikeNodePattern(c) && attempt(c, () => {
    const parsed = parsePathPattern(c)
    return parsed.relationships.length > 0 ? parsed : undefined
  })
  if (path) return { kind: 'PatternExpression', position: path.position, path }
  c.reset(mark)
  c.expectSymbol('(')
  const inner = parseExpression(c)
  c.expectSymbol(')')
  return inner
}

/**
 * `()`, `(:`, `(name)`, `(name:`, `(name {` or `(name $`: the openings a node pattern can have.
 * Checked first so a plain `(1 + 2)` never pays for a failed pattern reading.
 */
function looksLikeNodePattern(c: Cursor): boolean {
  if (c.isSymbol(')', 1) || c.isSymbol(':', 1)) return true
  if (!isNameAt(c, 1)) return false
  return c.isSymbol(')', 2) || c.isSymbol(':', 2) || c.isSymbol('{', 2) || c.peek(2).type === 'parameter'
}

/**
 * Runs one reading of an ambiguous spot; a syntax error there means "not this reading". Other
 * errors (an unsupported feature) are real and pass through.
 */
function attempt<T>(c: Cursor, read: () => T | undefined): T | undefined {
  const mark = c.mark()
  try {
    const result = read()
    if (result === undefined) c.reset(mark)
    return result
  } catch (error) {
    if (isNornicError(error) && error.code === 'Neo.ClientError.Statement.SyntaxError') {
      c.reset(mark)
      return undefined
    }
    throw error
  }
}
