import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { encodeIndexValue, predicateRange } from '../../../../src/graph/store/index-key.js'
import { compareKeys } from '../../../../src/graph/store/keys.js'
import { INT64_MAX, INT64_MIN } from '../../../../src/graph/values.js'

/** The exact numeric order of a bigint and a double, without rounding either. */
function compareNumbers(a: bigint | number, b: bigint | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0
  const toExact = (x: bigint | number): [bigint, number] => {
    if (typeof x === 'bigint') return [x, 0]
    if (!Number.isFinite(x)) return [x > 0 ? 2n ** 1100n : -(2n ** 1100n), 0]
    const whole = Math.floor(x)
    return [BigInt(whole), x - whole]
  }
  const [aw, af] = toExact(a)
  const [bw, bf] = toExact(b)
  if (aw !== bw) return aw < bw ? -1 : 1
  return af < bf ? -1 : af > bf ? 1 : 0
}

const sign = (n: number): number => Math.sign(n)
const anyNumber = fc.oneof(
  fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
  fc.double({ noNaN: true }),
  fc.integer().map(BigInt),
  fc.integer().map((n) => n + 0.5),
)

describe('index value encoding', () => {
  it('orders integers and floats together by numeric value', () => {
    fc.assert(
      fc.property(anyNumber, anyNumber, (a, b) => {
        assert.equal(sign(compareKeys(encodeIndexValue(a), encodeIndexValue(b))), compareNumbers(a, b))
      }),
      { numRuns: 500 },
    )
  })

  it('tells apart integers beyond 2^53 that share a double', () => {
    const values = [2n ** 53n, 2n ** 53n + 1n, 2n ** 53n + 2n, INT64_MAX - 1n, INT64_MAX, INT64_MIN, INT64_MIN + 1n]
    const sorted = [...values].sort((a, b) => (a < b ? -1 : 1))
    assert.deepEqual([...values].sort((a, b) => compareKeys(encodeIndexValue(a), encodeIndexValue(b))), sorted)
    assert.ok(compareKeys(encodeIndexValue(INT64_MAX), encodeIndexValue(2 ** 63)) < 0)
  })

  it('encodes 1 and 1.0, and 0 and -0.0, alike (they are equal in Cypher)', () => {
    assert.equal(encodeIndexValue(1n), encodeIndexValue(1.0))
    assert.equal(encodeIndexValue(-0), encodeIndexValue(0n))
  })

  it('orders strings by code point and keeps kinds apart', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const expected = sign(Buffer.compare(Buffer.from(a), Buffer.from(b)))
        assert.equal(sign(compareKeys(encodeIndexValue(a), encodeIndexValue(b))), expected)
      }),
    )
    assert.notEqual(encodeIndexValue('1')[0], encodeIndexValue(1n)[0])
    assert.notEqual(encodeIndexValue(true)[0], encodeIndexValue(1n)[0])
  })

  it('is prefix-free, lists included', () => {
    const values = [[], [1n], [1n, 2n], ['a'], ['a', 'b'], ['ab'], 'a', 'ab', true, false, 1n, [[1n]]] as const
    const encoded = values.map((value) => encodeIndexValue(value as never))
    for (const a of encoded) for (const b of encoded) if (a !== b) assert.ok(!b.startsWith(a), `${JSON.stringify(a)} prefixes ${JSON.stringify(b)}`)
  })
})

describe('index predicate ranges', () => {
  const prefix = 'x:i\x00'
  const entry = (value: bigint | number | string, id = '0000000000000001'): string => prefix + encodeIndexValue(value) + id
  const within = (key: string, range: { gte: string; lt: string } | undefined): boolean =>
    range !== undefined && compareKeys(range.gte, key) <= 0 && compareKeys(key, range.lt) < 0

  it('equality covers one value, whichever numeric type', () => {
    const range = predicateRange(prefix, { kind: 'equals', value: 5n })
    assert.ok(within(entry(5n), range))
    assert.ok(within(entry(5.0), range))
    assert.ok(!within(entry(6n), range))
    assert.ok(!within(entry('5'), range))
  })

  it('honours inclusive and exclusive bounds', () => {
    const range = predicateRange(prefix, { kind: 'range', lower: { value: 1n, inclusive: false }, upper: { value: 3.5, inclusive: true } })
    assert.deepEqual(
      [1n, 1.5, 2n, 3.5, 4n].map((v) => within(entry(v), range)),
      [false, true, true, true, false],
    )
  })

  it('keeps an open-ended range inside its kind', () => {
    const numbers = predicateRange(prefix, { kind: 'range', lower: { value: 0n, inclusive: true } })
    assert.ok(within(entry(Infinity), numbers))
    assert.ok(!within(entry('a'), numbers))
    const strings = predicateRange(prefix, { kind: 'range', upper: { value: 'm', inclusive: false } })
    assert.ok(within(entry(''), strings))
    assert.ok(within(entry('lzz'), strings))
    assert.ok(!within(entry('m'), strings))
    assert.ok(!within(entry(1n), strings))
  })

  it('matches nothing for null, NaN, mixed kinds or an empty interval', () => {
    assert.equal(predicateRange(prefix, { kind: 'equals', value: null }), undefined)
    assert.equal(predicateRange(prefix, { kind: 'equals', value: Number.NaN }), undefined)
    assert.equal(predicateRange(prefix, { kind: 'range', lower: { value: 1n, inclusive: true }, upper: { value: 'z', inclusive: true } }), undefined)
    assert.equal(predicateRange(prefix, { kind: 'range', lower: { value: 3n, inclusive: true }, upper: { value: 1n, inclusive: true } }), undefined)
  })
})
