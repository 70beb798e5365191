import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseCypher } from '../../../../../src/graph/cypher/parser/index.js'
import { clausesOf, expression, shape, syntaxErrorWith } from './cypher-test-support.js'

const v = (name: string) => ({ kind: 'Variable', name })
const int = (value: number) => ({ kind: 'IntegerLiteral', value: `${value}n` })
const bin = (operator: string, left: unknown, right: unknown) => ({ kind: 'Binary', operator, left, right })

describe('literals (openCypher expressions/literals)', () => {
  it('reads decimal, hexadecimal and octal integers exactly, as bigint', () => {
    assert.deepEqual(shape(expression('9223372036854775807')), { kind: 'IntegerLiteral', value: '9223372036854775807n' })
    assert.deepEqual(shape(expression('0x1F')), int(31))
    assert.deepEqual(shape(expression('0o17')), int(15))
    assert.deepEqual(shape(expression('017')), int(15))
    assert.deepEqual(shape(expression('0')), int(0))
    assert.deepEqual(shape(expression('-0x8000000000000000')), { kind: 'IntegerLiteral', value: '-9223372036854775808n' })
  })
  it('folds a minus sign into the literal so the smallest integer can be written', () => {
    assert.deepEqual(shape(expression('-9223372036854775808')), { kind: 'IntegerLiteral', value: '-9223372036854775808n' })
    assert.throws(() => parseCypher('RETURN 9223372036854775808'), syntaxErrorWith('IntegerOverflow'))
    assert.throws(() => parseCypher('RETURN -9223372036854775809'), syntaxErrorWith('IntegerOverflow'))
    assert.throws(() => parseCypher('RETURN 0o1000000000000000000000'), syntaxErrorWith('IntegerOverflow'))
  })
  it('reads floats with fractions and exponents, and rejects infinite ones', () => {
    assert.deepEqual(shape(expression('1.5e3')), { kind: 'FloatLiteral', value: 1500 })
    assert.deepEqual(shape(expression('.5')), { kind: 'FloatLiteral', value: 0.5 })
    assert.deepEqual(shape(expression('1E-2')), { kind: 'FloatLiteral', value: 0.01 })
    assert.throws(() => parseCypher('RETURN 1.34E999'), syntaxErrorWith('FloatingPointOverflow'))
  })
  it('rejects digits run into letters as an invalid number', () => {
    assert.throws(() => parseCypher('RETURN 9223372h54775808'), syntaxErrorWith('InvalidNumberLiteral'))
    assert.throws(() => parseCypher('RETURN 0x1A2b3j4D5E6f7'), syntaxErrorWith('InvalidNumberLiteral'))
    assert.throws(() => parseCypher('RETURN 0x'), syntaxErrorWith('InvalidNumberLiteral'))
    assert.throws(() => parseCypher('RETURN 019'), syntaxErrorWith('InvalidNumberLiteral'))
  })
  it('decodes strings in both quote styles with their escapes', () => {
    assert.deepEqual(shape(expression(`'it\\'s'`)), { kind: 'StringLiteral', value: "it's" })
    assert.deepEqual(shape(expression(`"a\\tb\\n\\"c\\\\"`)), { kind: 'StringLiteral', value: 'a\tb\n"c\\' })
    assert.deepEqual(shape(expression(`'\\u01FF'`)), { kind: 'StringLiteral', value: 'ǿ' })
    assert.throws(() => parseCypher(`RETURN '\\uH'`), syntaxErrorWith('InvalidUnicodeLiteral'))
  })
  it('reads booleans, null, lists and maps, keywords case-insensitive', () => {
    assert.deepEqual(shape(expression('[TRUE, false, NuLL]')), {
      kind: 'ListLiteral',
      elements: [{ kind: 'BooleanLiteral', value: true }, { kind: 'BooleanLiteral', value: false }, { kind: 'NullLiteral' }],
    })
    assert.deepEqual(shape(expression('{a: 1, `b c`: []}')), {
      kind: 'MapLiteral',
      entries: [
        { kind: 'MapEntry', key: 'a', value: int(1) },
        { kind: 'MapEntry', key: 'b c', value: { kind: 'ListLiteral', elements: [] } },
      ],
    })
  })
  it('rejects malformed lists and maps', () => {
    for (const text of ['RETURN [, ]', 'RETURN [[[]]', 'RETURN {, }', 'RETURN {k1.k: 1}', 'RETURN {1B2c3e67:1}']) {
      assert.throws(() => parseCypher(text), syntaxErrorWith('UnexpectedSyntax'), text)
    }
  })
  it('reads named and numbered parameters', () => {
    assert.deepEqual(shape(expression('$name')), { kind: 'Parameter', name: 'name' })
    assert.deepEqual(shape(expression('$0')), { kind: 'Parameter', name: '0' })
  })
})

describe('operator precedence (openCypher expressions/precedence)', () => {
  it('binds * over +, and ^ over unary minus over *', () => {
    assert.deepEqual(shape(expression('1 + 2 * 3')), bin('+', int(1), bin('*', int(2), int(3))))
    assert.deepEqual(shape(expression('2 ^ 3 ^ 2')), bin('^', bin('^', int(2), int(3)), int(2)))
    assert.deepEqual(shape(expression('-x ^ 2')), bin('^', { kind: 'Unary', operator: '-', operand: v('x') }, int(2)))
  })
  it('binds AND over XOR over OR, and NOT over AND', () => {
    assert.deepEqual(shape(expression('a OR b XOR c AND NOT d')), bin('OR', v('a'), bin('XOR', v('b'), bin('AND', v('c'), { kind: 'Unary', operator: 'NOT', operand: v('d') }))))
  })
  it('reads a chained comparison as a conjunction', () => {
    assert.deepEqual(shape(expression('a < b <= c')), bin('AND', bin('<', v('a'), v('b')), bin('<=', v('b'), v('c'))))
  })
  it('binds IN, STARTS WITH, IS NULL tighter than comparison and looser than +', () => {
    assert.deepEqual(shape(expression('a + 1 IN l = true')), bin('=', bin('IN', bin('+', v('a'), int(1)), v('l')), { kind: 'BooleanLiteral', value: true }))
    assert.deepEqual(shape(expression("s STARTS WITH 'a' ENDS WITH 'b'")), bin('ENDS WITH', bin('STARTS WITH', v('s'), { kind: 'StringLiteral', value: 'a' }), { kind: 'StringLiteral', value: 'b' }))
    assert.deepEqual(shape(expression('a IS NOT NULL')), { kind: 'IsNull', operand: v('a'), negated: true })
    assert.deepEqual(shape(expression("s =~ 'a.*'")), bin('=~', v('s'), { kind: 'StringLiteral', value: 'a.*' }))
  })
})

describe('postfix and compound expressions', () => {
  it('reads property access, indexing, slicing and label predicates', () => {
    assert.deepEqual(shape(expression('n.a.b')), { kind: 'PropertyAccess', object: { kind: 'PropertyAccess', object: v('n'), key: 'a' }, key: 'b' })
    assert.deepEqual(shape(expression("n['k']")), { kind: 'IndexAccess', object: v('n'), index: { kind: 'StringLiteral', value: 'k' } })
    assert.deepEqual(shape(expression('l[1..]')), { kind: 'SliceAccess', object: v('l'), from: int(1) })
    assert.deepEqual(shape(expression('l[..2]')), { kind: 'SliceAccess', object: v('l'), to: int(2) })
    assert.deepEqual(shape(expression('n:A:B')), { kind: 'LabelPredicate', operand: v('n'), labels: ['A', 'B'] })
  })
  it('reads simple and generic CASE', () => {
    assert.deepEqual(shape(expression('CASE x WHEN 1 THEN 2 ELSE 3 END')), {
      kind: 'Case',
      subject: v('x'),
      alternatives: [{ kind: 'CaseAlternative', when: int(1), then: int(2) }],
      otherwise: int(3),
    })
    assert.deepEqual(shape(expression('case when x then 1 end')), {
      kind: 'Case',
      alternatives: [{ kind: 'CaseAlternative', when: v('x'), then: int(1) }],
    })
  })
  it('reads list and pattern comprehensions', () => {
    assert.deepEqual(shape(expression('[x IN l WHERE x > 1 | x * 2]')), {
      kind: 'ListComprehension',
      variable: 'x',
      list: v('l'),
      where: bin('>', v('x'), int(1)),
      projection: bin('*', v('x'), int(2)),
    })
    const comprehension = expression('[p = (a)-[:T]->(b) WHERE b.x | b.name]')
    assert.equal(comprehension.kind, 'PatternComprehension')
    assert.equal(comprehension.kind === 'PatternComprehension' && comprehension.pathVariable, 'p')
  })
  it('reads map projections with every selector kind', () => {
    assert.deepEqual(shape(expression('n {.a, .*, k: 1, n}')), {
      kind: 'MapProjection',
      variable: 'n',
      items: [
        { kind: 'PropertySelector', key: 'a' },
        { kind: 'AllPropertiesSelector' },
        { kind: 'LiteralEntry', key: 'k', value: int(1) },
        { kind: 'VariableSelector', name: 'n' },
      ],
    })
  })
  it('reads function calls with namespaces and DISTINCT, and count(*)', () => {
    assert.deepEqual(shape(expression('count(DISTINCT x)')), { kind: 'FunctionCall', name: 'count', distinct: true, args: [v('x')] })
    assert.deepEqual(shape(expression('date.truncate(x)')), { kind: 'FunctionCall', name: 'date.truncate', distinct: false, args: [v('x')] })
    assert.deepEqual(shape(expression('COUNT(*)')), { kind: 'CountStar' })
  })
  it('reads quantifiers and reduce', () => {
    assert.deepEqual(shape(expression('none(x IN l WHERE x)')), { kind: 'Quantifier', quantifier: 'none', variable: 'x', list: v('l'), predicate: v('x') })
    assert.deepEqual(shape(expression('reduce(acc = 0, x IN l | acc + x)')), {
      kind: 'Reduce',
      accumulator: 'acc',
      init: int(0),
      variable: 'x',
      list: v('l'),
      expression: bin('+', v('acc'), v('x')),
    })
  })
  it('reads a parenthesised pattern in WHERE as a pattern predicate, and (x) as an expression', () => {
    const match = clausesOf(parseCypher('MATCH (n) WHERE NOT (n)-[:T]->() AND (n.x) RETURN n'))[0]
    assert.ok(match?.kind === 'Match')
    assert.deepEqual(shape(match.where), bin('AND', {
      kind: 'Unary',
      operator: 'NOT',
      operand: {
        kind: 'PatternExpression',
        path: {
          kind: 'PathPattern',
          nodes: [{ kind: 'NodePattern', variable: 'n', labels: [] }, { kind: 'NodePattern', labels: [] }],
          relationships: [{ kind: 'RelationshipPattern', types: ['T'], direction: 'outgoing' }],
        },
      },
    }, { kind: 'PropertyAccess', object: v('n'), key: 'x' }))
  })
  it('skips comments and keeps backtick-quoted names verbatim', () => {
    assert.deepEqual(shape(expression('/* a */ `my var` // trailing')), v('my var'))
    assert.deepEqual(shape(expression('`a``b`')), v('a`b'))
  })
})
