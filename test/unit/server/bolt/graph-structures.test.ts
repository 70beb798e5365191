import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { NornicError } from '../../../../src/errors/index.js'
import { NodeValue, PathValue, RelationshipValue } from '../../../../src/graph/values.js'
import { toPackValue, toParameters } from '../../../../src/server/bolt/graph-structures.js'
import { Structure } from '../../../../src/server/bolt/packstream.js'

const a = new NodeValue(1, 'e:1', ['A'], { name: 'a' })
const b = new NodeValue(2, 'e:2', ['B'], {})
// a -> b, walked from b back to a, then forward again to b.
const ab = new RelationshipValue(10, 'e:10', 'KNOWS', 1, 2, { since: 2020n }, 'e:1', 'e:2')

describe('graph values as Bolt structures (Bolt spec, structure semantics)', () => {
  it('Bolt 5 nodes and relationships carry element ids; 4.4 ones do not', () => {
    assert.deepEqual(toPackValue(a, { elementIds: true }), new Structure(0x4e, [1n, ['A'], { name: 'a' }, 'e:1']))
    assert.deepEqual(toPackValue(a, { elementIds: false }), new Structure(0x4e, [1n, ['A'], { name: 'a' }]))
    assert.deepEqual(toPackValue(ab, { elementIds: true }), new Structure(0x52, [10n, 1n, 2n, 'KNOWS', { since: 2020n }, 'e:10', 'e:1', 'e:2']))
    assert.deepEqual(toPackValue(ab, { elementIds: false }), new Structure(0x52, [10n, 1n, 2n, 'KNOWS', { since: 2020n }]))
  })

  it('a path lists distinct nodes and relationships and walks them by signed index', () => {
    const path = new PathValue([b, a, b], [ab, ab])
    const packed = toPackValue(path, { elementIds: true }) as Structure
    assert.equal(packed.tag, 0x50)
    const [nodes, rels, walk] = packed.fields
    assert.deepEqual((nodes as Structure[]).map((n) => n.fields[0]), [2n, 1n])
    assert.deepEqual(rels, [new Structure(0x72, [10n, 'KNOWS', { since: 2020n }, 'e:10'])])
    // First step goes against the relationship's direction (b <- a), the second along it (a -> b).
    assert.deepEqual(walk, [-1n, 1n, 1n, 0n])
  })

  it('lists and maps convert deeply; floats stay floats and integers stay integers', () => {
    assert.deepEqual(toPackValue([1n, 1.5, { n: a }], { elementIds: false }), [1n, 1.5, { n: new Structure(0x4e, [1n, ['A'], { name: 'a' }]) }])
  })

  it('parameters take plain values and refuse structures and byte arrays, naming the parameter', () => {
    assert.deepEqual(toParameters({ x: [1n, 'a', { y: null }] }), { x: [1n, 'a', { y: null }] })
    assert.throws(() => toParameters({ when: new Structure(0x44, [1n]) }), (error: NornicError) => error.code === 'Neo.ClientError.Statement.FeatureNotSupported' && error.message.includes('$when'))
    assert.throws(() => toParameters({ m: { raw: new Uint8Array(1) } }), (error: NornicError) => error.message.includes('$m.raw'))
  })
})
