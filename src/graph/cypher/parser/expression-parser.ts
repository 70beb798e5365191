import type {
  BinaryOperator,
  ComparisonOperator,
  Expression,
  IntegerLiteral,
  MapEntry,
  MapLiteral,
  Parameter,
  Position,
} from '../ast.js'
import { parseAtom } from './atom-parser.js'
import type { Cursor } from './cursor.js'
import { syntaxError } from './errors.js'

/**
 * Operator expressions by precedence climbing, loosest first, as openCypher orders them:
 * OR, XOR, AND, NOT, comparison (chainable), the string/list/null predicates (STARTS WITH,
 * ENDS WITH, CONTAINS, =~, IN, IS [NOT] NULL), + -, * / %, ^, unary + -, then postfix
 * property access, indexing, slicing and label predicates on an atom.
 */
export function parseExpression(c: Cursor): Expression {
  return c.nested(() => parseOr(c))
}

function binary(operator: BinaryOperator, left: Expression, right: Expression): Expression {
  return { kind: 'Binary', position: left.position, operator, left, right }
}

function parseOr(c: Cursor): Expression {
  let left = parseXor(c)
  while (c.acceptKeyword('OR')) left = binary('OR', left, parseXor(c))
  return left
}

function parseXor(c: Cursor): Expression {
  let left = parseAnd(c)
  while (c.acceptKeyword('XOR')) left = binary('XOR', left, parseAnd(c))
  return left
}

function parseAnd(c: Cursor): Expression {
  let left = parseNot(c)
  while (c.acceptKeyword('AND')) left = binary('AND', left, parseNot(c))
  return left
}

function parseNot(c: Cursor): Expression {
  const position = c.position
  if (c.acceptKeyword('NOT')) return { kind: 'Unary', position, operator: 'NOT', operand: c.nested(() => parseNot(c)) }
  return parseComparison(c)
}

const COMPARISON_SYMBOLS: Readonly<Record<string, ComparisonOperator>> = {
  '=': '=',
  '<>': '<>',
  '!=': '<>',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
}

function comparisonAt(c: Cursor): ComparisonOperator | undefined {
  const token = c.peek()
  return token.type === 'symbol' ? COMPARISON_SYMBOLS[token.value] : undefined
}

/** `a < b <= c` means `a < b AND b <= c`. */
function parseComparison(c: Cursor): Expression {
  const first = parsePredicates(c)
  let operator = comparisonAt(c)
  if (operator === undefined) return first
  let left = first
  let result: Expression | undefined
  while (operator !== undefined) {
    c.next()
    const right = parsePredicates(c)
    const comparison = binary(operator, left, right)
    result = result === undefined ? comparison : binary('AND', result, comparison)
    left = right
    operator = comparisonAt(c)
  }
  return result as Expression
}

function parsePredicates(c: Cursor): Expression {
  let left = parseAdditive(c)
  for (;;) {
    if (c.isKeyword('STARTS') && c.isKeyword('WITH', 1)) {
      c.next()
      c.next()
      left = binary('STARTS WITH', left, parseAdditive(c))
    } else if (c.isKeyword('ENDS') && c.isKeyword('WITH', 1)) {
      c.next()
      c.next()
      left = binary('ENDS WITH', left, parseAdditive(c))
    } else if (c.acceptKeyword('CONTAINS')) {
      left = binary('CONTAINS', left, parseAdditive(c))
    } else if (c.acceptSymbol('=~')) {
      left = binary('=~', left, parseAdditive(c))
    } else if (c.acceptKeyword('IN')) {
      left = binary('IN', left, parseAdditive(c))
    } else if (c.acceptKeyword('IS')) {
      const negated = c.acceptKeyword('NOT')
      c.expectKeyword('NULL')
      left = { kind: 'IsNull', position: left.position, operand: left, negated }
    } else {
      return left
    }
  }
}

function parseAdditive(c: Cursor): Expression {
  let left = parseMultiplicative(c)
  for (;;) {
    if (c.acceptSymbol('+')) left = binary('+', left, parseMultiplicative(c))
    else if (c.acceptSymbol('-')) left = binary('-', left, parseMultiplicative(c))
    else return left
  }
}

function parseMultiplicative(c: Cursor): Expression {
  let left = parsePower(c)
  for (;;) {
    if (c.acceptSymbol('*')) left = binary('*', left, parsePower(c))
    else if (c.acceptSymbol('/')) left = binary('/', left, parsePower(c))
    else if (c.acceptSymbol('%')) left = binary('%', left, parsePower(c))
    else return left
  }
}

/** `^` is left-associative in openCypher: `2^3^2` is `(2^3)^2`. */
function parsePower(c: Cursor): Expression {
  let left = parseUnary(c)
  while (c.acceptSymbol('^')) left = binary('^', left, parseUnary(c))
  return left
}

const INTEGER_MAX = (1n << 63n) - 1n
const INTEGER_MIN = -(1n << 63n)

function parseUnary(c: Cursor): Expression {
  const position = c.position
  if (c.acceptSymbol('+')) return { kind: 'Unary', position, operator: '+', operand: c.nested(() => parseUnary(c)) }
  if (c.acceptSymbol('-')) {
    const literalToken = c.peek()
    // A minus written directly before an integer literal is part of it, so the smallest
    // 64-bit integer, whose magnitude alone would overflow, can be written.
    if (literalToken.type === 'integer') {
      const operand = parsePostfix(c)
      if (operand.kind === 'IntegerLiteral' && operand.position === literalToken.position) {
        return checkedInteger({ kind: 'IntegerLiteral', position, value: -operand.value }, c, position)
      }
      return { kind: 'Unary', position, operator: '-', operand: checkRange(operand, c) }
    }
    return { kind: 'Unary', position, operator: '-', operand: c.nested(() => parseUnary(c)) }
  }
  return checkRange(parsePostfix(c), c)
}

function checkRange(expression: Expression, c: Cursor): Expression {
  return expression.kind === 'IntegerLiteral' ? checkedInteger(expression, c, expression.position) : expression
}

function checkedInteger(literal: IntegerLiteral, c: Cursor, position: Position): IntegerLiteral {
  if (literal.value > INTEGER_MAX || literal.value < INTEGER_MIN) {
    const text = c.text.slice(position.offset, c.previousEnd)
    throw syntaxError(`Integer literal ${text} is out of the 64-bit range`, position, 'IntegerOverflow')
  }
  return literal
}

function parsePostfix(c: Cursor): Expression {
  let expression = parseAtom(c)
  for (;;) {
    if (c.isSymbol('.')) {
      c.next()
      expression = { kind: 'PropertyAccess', position: expression.position, object: expression, key: c.expectName('a property key') }
    } else if (c.isSymbol('[')) {
      expression = parseSubscript(c, expression)
    } else if (c.isSymbol(':') && isNameToken(c, 1)) {
      const labels: string[] = []
      while (c.isSymbol(':') && isNameToken(c, 1)) {
        c.next()
        labels.push(c.expectName('a label name'))
      }
      expression = { kind: 'LabelPredicate', position: expression.position, operand: expression, labels }
    } else {
      return expression
    }
  }
}

function isNameToken(c: Cursor, ahead: number): boolean {
  const type = c.peek(ahead).type
  return type === 'identifier' || type === 'quotedIdentifier'
}

/** `[index]`, `[from..to]`, `[..to]`, `[from..]`. */
function parseSubscript(c: Cursor, object: Expression): Expression {
  c.expectSymbol('[')
  const position = object.position
  if (c.acceptSymbol('..')) {
    const to = c.isSymbol(']') ? undefined : parseExpression(c)
    c.expectSymbol(']')
    return { kind: 'SliceAccess', position, object, from: undefined, to }
  }
  const first = parseExpression(c)
  if (c.acceptSymbol('..')) {
    const to = c.isSymbol(']') ? undefined : parseExpression(c)
    c.expectSymbol(']')
    return { kind: 'SliceAccess', position, object, from: first, to }
  }
  c.expectSymbol(']')
  return { kind: 'IndexAccess', position, object, index: first }
}

/** `{key: value, ...}`; keys are names (keywords allowed), never strings or numbers. */
export function parseMapLiteral(c: Cursor): MapLiteral {
  const position = c.expectSymbol('{').position
  const entries: MapEntry[] = []
  if (!c.isSymbol('}')) {
    do {
      const entryPosition = c.position
      const key = c.expectName('a property key')
      c.expectSymbol(':')
      entries.push({ kind: 'MapEntry', position: entryPosition, key, value: parseExpression(c) })
    } while (c.acceptSymbol(','))
  }
  c.expectSymbol('}')
  return { kind: 'MapLiteral', position, entries }
}

export function parseParameter(c: Cursor): Parameter {
  const token = c.next()
  if (token.type !== 'parameter') throw syntaxError('Expected a parameter', token.position)
  return { kind: 'Parameter', position: token.position, name: token.value }
}
