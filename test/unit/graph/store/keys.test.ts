import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  adjacencyRange,
  compareKeys,
  encodeId,
  encodeKeyPart,
  idAtEndOf,
  labelKey,
  labelRange,
  prefixRange,
} from '../../../../src/graph/store/keys.js'

describe('graph store keys', () => {
  it('pads ids so they sort as numbers', () => {
    const ids = [10, 9, 0, 123456789, 2 ** 53 - 1]
    const keys = ids.map(encodeId).sort(compareKeys)
    assert.deepEqual(keys.map(Number), [0, 9, 10, 123456789, 2 ** 53 - 1])
    assert.equal(idAtEndOf(labelKey('Person', 42)), 42)
  })

  it('refuses ids that are not non-negative safe integers', () => {
    assert.throws(() => encodeId(-1), RangeError)
    assert.throws(() => encodeId(1.5), RangeError)
  })

  it('orders keys by code point, as level orders UTF-8 bytes', () => {
    const texts = ['\uffff', '\u{1f600}', 'a', '\ue000', 'ab', '']
    const byBytes = [...texts].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    assert.deepEqual([...texts].sort(compareKeys), byBytes)
  })

  it('keeps escaped parts in order and never lets one be a prefix of another', () => {
    const parts = ['A', 'AB', 'A\x00', 'A\x01', 'A\x00B', '']
    const escaped = parts.map(encodeKeyPart)
    const sortedPlain = [...parts].sort(compareKeys)
    assert.deepEqual([...escaped].sort(compareKeys), sortedPlain.map(encodeKeyPart))
    for (const a of escaped) for (const b of escaped) if (a !== b) assert.ok(!b.startsWith(a), `${JSON.stringify(a)} prefixes ${JSON.stringify(b)}`)
  })

  it('puts a label key inside its label range and outside a longer label', () => {
    const range = labelRange('A')
    const inside = labelKey('A', 7)
    const other = labelKey('AB', 7)
    assert.ok(compareKeys(range.gte, inside) <= 0 && compareKeys(inside, range.lt) < 0)
    assert.ok(!(compareKeys(range.gte, other) <= 0 && compareKeys(other, range.lt) < 0))
  })

  it('ranges over a prefix, and over one adjacency type only', () => {
    assert.deepEqual(prefixRange('n:'), { gte: 'n:', lt: 'n;' })
    const all = adjacencyRange(1, 'o')
    const knows = adjacencyRange(1, 'o', 'KNOWS')
    assert.ok(knows.gte.startsWith(all.gte))
  })
})
