import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { emptyStats, type QueryResult } from '../../../src/graph/command.js'
import { NodeValue, PathValue, RelationshipValue, type Value } from '../../../src/graph/values.js'
import { canonical } from '../../tck/values/canonical.js'
import { expectedResult, resultMismatch } from '../../tck/values/compare.js'
import { parseValue } from '../../tck/values/notation.js'

function same(expected: string, actual: Value, unorderedLists = false): boolean {
  return canonical(parseValue(expected), { unorderedLists }) === canonical(actual, { unorderedLists })
}

function result(columns: string[], rows: Value[][]): QueryResult {
  return { columns, rows, stats: emptyStats() }
}

describe('TCK value comparison', () => {
  test('an integer never equals a float of the same magnitude', () => {
    assert.ok(same('1', 1n))
    assert.ok(!same('1', 1))
    assert.ok(!same('1.0', 1n))
    assert.ok(same('1.0', 1))
  })

  test('a float written with its decimals equals the double it denotes (Literals5)', () => {
    assert.ok(same('3985764.3405892686', 3985764.3405892687))
    assert.ok(same('NaN', Number.NaN))
    assert.ok(same('-Inf', Number.NEGATIVE_INFINITY))
    assert.ok(!same('0.1', 0.1000001))
  })

  test('strings compare exactly', () => {
    assert.ok(same("'Foo\nFoo'", 'Foo\nFoo'))
    assert.ok(!same("'a'", 'A'))
    assert.ok(!same("'1'", 1n))
  })

  test('nodes compare by labels (in any order) and properties, never by id', () => {
    assert.ok(same("(:A:B {name: 'x'})", new NodeValue(7, '1:0', ['B', 'A'], { name: 'x' })))
    assert.ok(!same('(:A)', new NodeValue(7, '1:0', ['A', 'B'], {})))
    assert.ok(!same('(:A {num: 1})', new NodeValue(7, '1:0', ['A'], { num: 1 })))
    assert.ok(!same('{}', new NodeValue(7, '1:0', [], {})), 'a map is not a node')
  })

  test('relationships compare by type and properties', () => {
    const knows = new RelationshipValue(3, '1:2', 'KNOWS', 1, 2, { since: 1999n }, '1:0', '1:1')
    assert.ok(same('[:KNOWS {since: 1999}]', knows))
    assert.ok(!same('[:KNOWS]', knows))
  })

  test('a path compares node by node and arrow by arrow', () => {
    const a = new NodeValue(10, 'a', ['A'], {})
    const b = new NodeValue(20, 'b', ['B'], {})
    const forward = new PathValue([a, b], [new RelationshipValue(5, 'r', 'T', 10, 20, {}, 'a', 'b')])
    const backward = new PathValue([a, b], [new RelationshipValue(5, 'r', 'T', 20, 10, {}, 'b', 'a')])
    assert.ok(same('<(:A)-[:T]->(:B)>', forward))
    assert.ok(!same('<(:A)-[:T]->(:B)>', backward))
    assert.ok(same('<(:A)<-[:T]-(:B)>', backward))
  })

  test('maps ignore key order; lists keep order unless told to ignore it, at any depth', () => {
    assert.ok(same('{a: 1, b: [2]}', { b: [2n], a: 1n }))
    assert.ok(!same('[1, 2]', [2n, 1n]))
    assert.ok(same('[1, 2]', [2n, 1n], true))
    assert.ok(same("{k: [['b', 'a'], [1]]}", { k: [[1n], ['a', 'b']] }, true))
    assert.ok(!same('[1, 1, 2]', [1n, 2n, 2n], true), 'a list is a bag, not a set')
  })

  test('rows in any order compare as a bag, duplicates counted', () => {
    const expected = expectedResult([['x'], ['1'], ['1'], ['2']], false, false)
    assert.equal(resultMismatch(expected, result(['x'], [[2n], [1n], [1n]])), undefined)
    const mismatch = resultMismatch(expected, result(['x'], [[2n], [1n], [2n]]))
    assert.match(mismatch ?? '', /missing \| 1 \|; unexpected \| 2 \|/)
  })

  test('rows in order compare as a sequence', () => {
    const expected = expectedResult([['x'], ['1'], ['2']], true, false)
    assert.equal(resultMismatch(expected, result(['x'], [[1n], [2n]])), undefined)
    assert.match(resultMismatch(expected, result(['x'], [[2n], [1n]])) ?? '', /row 1 differs/)
    assert.match(resultMismatch(expected, result(['x'], [[1n]])) ?? '', /row 2 differs.*\(no row\)/)
  })

  test('columns must be the same names; their order in the table does not matter', () => {
    const expected = expectedResult([['a', 'b'], ['1', "'x'"]], false, false)
    assert.equal(resultMismatch(expected, result(['b', 'a'], [['x', 1n]])), undefined)
    assert.match(resultMismatch(expected, result(['a', 'c'], [[1n, 'x']])) ?? '', /columns differ/)
  })

  test('an empty table matches no rows only', () => {
    const expected = expectedResult([['n']], false, false)
    assert.equal(resultMismatch(expected, result(['n'], [])), undefined)
    assert.notEqual(resultMismatch(expected, result(['n'], [[null]])), undefined)
  })
})
