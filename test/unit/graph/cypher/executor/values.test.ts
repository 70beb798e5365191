import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { NornicError } from '../../../../../src/errors/index.js'
import {
  add,
  compareValues,
  cypherEquals,
  divide,
  equivalenceKey,
  modulo,
  multiply,
  orderValues,
  subtract,
} from '../../../../../src/graph/cypher/values/index.js'
import { INT64_MAX, INT64_MIN, NodeValue, type Value } from '../../../../../src/graph/values.js'

function arithmeticError(error: unknown): boolean {
  return error instanceof NornicError && error.code === 'Neo.ClientError.Statement.ArithmeticError'
}

describe('Cypher equality (openCypher: comparability and equality)', () => {
  it('compares integers and floats by value', () => {
    assert.equal(cypherEquals(1n, 1.0), true)
    assert.equal(cypherEquals(1n, 1.5), false)
    assert.equal(cypherEquals(2n ** 60n, 2 ** 60), true)
  })
  it('gives null when either side is null', () => {
    assert.equal(cypherEquals(null, null), null)
    assert.equal(cypherEquals(1n, null), null)
  })
  it('gives null for lists whose undecided element is null, false when another element differs', () => {
    assert.equal(cypherEquals([1n, null], [1n, null]), null)
    assert.equal(cypherEquals([1n, null], [2n, null]), false)
    assert.equal(cypherEquals([1n], [1n, 2n]), false)
  })
  it('never equates values of different types', () => {
    assert.equal(cypherEquals('1', 1n), false)
    assert.equal(cypherEquals({ a: 1n }, [1n]), false)
  })
  it('compares maps by keys and values', () => {
    assert.equal(cypherEquals({ a: 1n, b: 'x' }, { b: 'x', a: 1.0 }), true)
    assert.equal(cypherEquals({ a: 1n }, { b: 1n }), false)
  })
  it('treats NaN as unequal to itself', () => {
    assert.equal(cypherEquals(Number.NaN, Number.NaN), false)
  })
})

describe('Cypher comparison', () => {
  it('compares only like with like', () => {
    assert.equal(compareValues(1n, 'a'), null)
    assert.equal(compareValues('a', 'b'), -1)
    assert.equal(compareValues(false, true), -1)
    assert.equal(compareValues(3n, 2.5), 1)
  })
  it('compares an integer beyond 2^53 with a float exactly', () => {
    assert.equal(compareValues(2n ** 53n + 1n, 2 ** 53), 1)
  })
})

describe('orderability (ORDER BY)', () => {
  it('puts maps first and null last, numbers by value', () => {
    const values: Value[] = [null, 2n, 'b', true, [1n], { a: 1n }, 1.5, new NodeValue(1, '1:0', [], {})]
    const sorted = [...values].sort(orderValues)
    assert.deepEqual(sorted.map((v) => (v === null ? 'null' : typeof v === 'object' ? (Array.isArray(v) ? 'list' : v instanceof NodeValue ? 'node' : 'map') : String(v))), [
      'map',
      'node',
      'list',
      'b',
      'true',
      '1.5',
      '2',
      'null',
    ])
  })
  it('is a total order: antisymmetric and transitive on random values', () => {
    const value = fc.letrec<{ v: Value }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.bigInt({ min: -5n, max: 5n }),
        fc.double({ min: -5, max: 5 }),
        fc.string({ maxLength: 2 }),
        fc.array(tie('v'), { maxLength: 2 }),
      ),
    })).v
    fc.assert(
      fc.property(value, value, value, (a, b, c) => {
        const sign = (x: number): number => Math.sign(x) || 0
        assert.equal(sign(orderValues(a, b)), sign(-orderValues(b, a)))
        if (orderValues(a, b) <= 0 && orderValues(b, c) <= 0) assert.ok(orderValues(a, c) <= 0)
      }),
    )
  })
})

describe('equivalence keys (DISTINCT, grouping)', () => {
  it('groups null with null, 1 with 1.0, and maps regardless of key order', () => {
    assert.equal(equivalenceKey(null), equivalenceKey(null))
    assert.equal(equivalenceKey(1n), equivalenceKey(1.0))
    assert.equal(equivalenceKey({ a: 1n, b: 2n }), equivalenceKey({ b: 2n, a: 1n }))
    assert.notEqual(equivalenceKey('1'), equivalenceKey(1n))
    assert.notEqual(equivalenceKey([1n, 2n]), equivalenceKey([[1n], 2n]))
  })
})

describe('int64 arithmetic', () => {
  it('raises ArithmeticError on overflow instead of wrapping', () => {
    assert.throws(() => add(INT64_MAX, 1n), arithmeticError)
    assert.throws(() => subtract(INT64_MIN, 1n), arithmeticError)
    assert.throws(() => multiply(INT64_MAX, 2n), arithmeticError)
    assert.throws(() => divide(INT64_MIN, -1n), arithmeticError)
  })
  it('raises ArithmeticError on integer division by zero, but not float', () => {
    assert.throws(() => divide(1n, 0n), arithmeticError)
    assert.throws(() => modulo(1n, 0n), arithmeticError)
    assert.equal(divide(1.0, 0n), Number.POSITIVE_INFINITY)
  })
  it('truncates integer division toward zero and widens mixed operands to float', () => {
    assert.equal(divide(-7n, 2n), -3n)
    assert.equal(add(1n, 0.5), 1.5)
    assert.equal(add('a', 1n), 'a1')
    assert.equal(add('a', 1.0), 'a1.0')
  })
  it('concatenates lists and appends elements', () => {
    assert.deepEqual(add([1n], [2n]), [1n, 2n])
    assert.deepEqual(add([1n], 2n), [1n, 2n])
    assert.deepEqual(add(0n, [1n]), [0n, 1n])
  })
  it('propagates null', () => {
    assert.equal(add(null, 1n), null)
    assert.equal(divide(1n, null), null)
  })
})
