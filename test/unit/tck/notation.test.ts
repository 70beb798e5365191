import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { NodeValue, PathValue, RelationshipValue } from '../../../src/graph/values.js'
import { NotationError, parseValue } from '../../tck/values/notation.js'

// The notation of the TCK's expected values: shared/tck/README.adoc, "Format of the expected results".
describe('TCK value notation', () => {
  test('an integer is exact and a bigint; a float is a number', () => {
    assert.equal(parseValue('4611686018427387905'), 4611686018427387905n)
    assert.equal(parseValue('-9223372036854775808'), -9223372036854775808n)
    assert.equal(parseValue('1'), 1n)
    assert.equal(parseValue('1.0'), 1)
    assert.equal(parseValue('.5'), 0.5)
    assert.equal(parseValue('-1e-305'), -1e-305)
    assert.equal(parseValue('1e308'), 1e308)
  })

  test('NaN, Inf and -Inf are the IEEE 754 special floats', () => {
    assert.ok(Number.isNaN(parseValue('NaN')))
    assert.equal(parseValue('Inf'), Number.POSITIVE_INFINITY)
    assert.equal(parseValue('-Inf'), Number.NEGATIVE_INFINITY)
  })

  test('null and booleans', () => {
    assert.equal(parseValue('null'), null)
    assert.equal(parseValue('true'), true)
    assert.equal(parseValue(' false '), false)
  })

  test('a string is single-quoted, with backslash escapes (Literals6)', () => {
    assert.equal(parseValue("''"), '')
    assert.equal(parseValue("'\\''"), "'")
    assert.equal(parseValue(`'a\\\\bcn5t\\'"\\\\//\\\\"\\''`), `a\\bcn5t'"\\//\\"'`)
    assert.equal(parseValue("'\\u01FF'"), 'ǿ')
    assert.equal(parseValue("'Foo\\tFoo'"), 'Foo\tFoo')
    assert.equal(parseValue("'a, [b]'"), 'a, [b]')
  })

  test('lists and maps nest; map keys may be backquoted', () => {
    assert.deepEqual(parseValue("[1, 'a', [], [null, 2.5]]"), [1n, 'a', [], [null, 2.5]])
    assert.deepEqual(parseValue("{name: 'x', `a b`: {k: [1]}}"), { name: 'x', 'a b': { k: [1n] } })
    assert.deepEqual(parseValue('{}'), {})
  })

  test('a node has labels and properties and no identity', () => {
    assert.deepEqual(parseValue("(:A:B {name: 'x', num: 1})"), new NodeValue(-1, '', ['A', 'B'], { name: 'x', num: 1n }))
    assert.deepEqual(parseValue('()'), new NodeValue(-1, '', [], {}))
  })

  test('a relationship is its type and properties', () => {
    assert.deepEqual(parseValue('[:T {k: 1}]'), new RelationshipValue(-1, '', 'T', -1, -1, { k: 1n }, '', ''))
  })

  test('a path records each arrow as the direction of its relationship', () => {
    const path = parseValue('<(:A)-[:T]->(:B)<-[:U]-()>')
    assert.ok(path instanceof PathValue)
    assert.deepEqual(path.nodes.map((node) => node.id), [0, 1, 2])
    assert.deepEqual(path.relationships.map((r) => [r.type, r.startId, r.endId]), [['T', 0, 1], ['U', 2, 1]])
    const single = parseValue('<({name: 1})>')
    assert.ok(single instanceof PathValue && single.nodes.length === 1 && single.relationships.length === 0)
  })

  test('text that is not one value is refused with its position', () => {
    for (const bad of ['', 'nul', "'open", '[1, 2', '{k 1}', '1 2', '(:A', '<(:A)-[:T]-(:B)>', "'\\x'"]) {
      assert.throws(() => parseValue(bad), NotationError, bad)
    }
  })
})
