import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { NodeRecord } from '../../../../src/graph/store/graph-store.js'
import { decodeNode, encodeNode, withoutNulls } from '../../../../src/graph/store/record-codec.js'
import { INT64_MAX, INT64_MIN, type PropertyMap } from '../../../../src/graph/values.js'

function roundTrip(properties: PropertyMap): PropertyMap {
  const node: NodeRecord = { id: 3, elementId: '7:0', labels: ['A'], properties }
  return decodeNode(3, encodeNode(node)).properties
}

describe('record codec', () => {
  it('keeps every bit of 64-bit integers', () => {
    const values = { max: INT64_MAX, min: INT64_MIN, beyondDouble: 2n ** 53n + 1n, zero: 0n }
    assert.deepEqual(roundTrip(values), values)
  })

  it('keeps floats floats, 1.0 included, with -0, NaN and the infinities', () => {
    const decoded = roundTrip({ one: 1.0, third: 1 / 3, negativeZero: -0, nan: Number.NaN, inf: Infinity, ninf: -Infinity })
    assert.equal(typeof decoded.one, 'number')
    assert.equal(decoded.one, 1)
    assert.equal(decoded.third, 1 / 3)
    assert.ok(Object.is(decoded.negativeZero, -0))
    assert.ok(Number.isNaN(decoded.nan))
    assert.equal(decoded.inf, Infinity)
    assert.equal(decoded.ninf, -Infinity)
  })

  it('round-trips strings, booleans and lists of mixed numbers', () => {
    const values = { s: 'héllo \u0000 \u{1f600}', t: true, f: false, list: [1n, 2.5, 3.0], empty: [] }
    assert.deepEqual(roundTrip(values), values)
    assert.equal(typeof (roundTrip(values).list as unknown[])[2], 'number')
  })

  it('encodes the same record to the same bytes whatever the key order', () => {
    const a: NodeRecord = { id: 1, elementId: '1:0', labels: ['A'], properties: { b: 1n, a: 'x' } }
    const b: NodeRecord = { id: 1, elementId: '1:0', labels: ['A'], properties: { a: 'x', b: 1n } }
    assert.equal(encodeNode(a), encodeNode(b))
  })

  it('keeps a property called __proto__ as a plain property', () => {
    const decoded = roundTrip(withoutNulls(JSON.parse('{"__proto__": "x"}') as PropertyMap))
    assert.equal(Object.getPrototypeOf(decoded), Object.prototype)
    assert.deepEqual(Object.keys(decoded), ['__proto__'])
  })

  it('drops nulls and refuses values a property cannot hold', () => {
    assert.deepEqual(withoutNulls({ a: null, b: 1n }), { b: 1n })
    assert.throws(() => withoutNulls({ a: 2n ** 63n }), { code: 'Neo.ClientError.Statement.ArithmeticError' })
    assert.throws(() => withoutNulls({ a: { nested: 1n } } as unknown as PropertyMap), { code: 'Neo.ClientError.Statement.TypeError' })
  })
})
