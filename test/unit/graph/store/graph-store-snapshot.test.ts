import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { SnapshotChunk } from '../../../../src/graph/store/graph-store.js'
import { openMemoryGraphStore } from '../../../../src/graph/store/level-graph-store.js'
import { collect, context, replay, snapshotChunks, storeContents } from './fixtures.js'

async function populatedStore(nodes: number) {
  const store = await openMemoryGraphStore()
  await store.write(context(4), async (w) => {
    await w.createConstraint({ name: 'u', label: 'U', property: 'k', kind: 'unique' }, false)
    await w.createIndex({ name: 'i', label: 'N', property: 'i' }, false)
    for (let i = 0; i < nodes; i++) await w.createNode(['N', 'U'], { i: BigInt(i), k: `k${i}`, f: i / 2 })
    for (let i = 1; i < nodes; i++) await w.createRelationship('NEXT', i - 1, i, { w: i })
  })
  return store
}

describe('graph store: snapshot and restore', () => {
  it('streams a header with the applied index, then entries in bounded chunks', async () => {
    const store = await populatedStore(600)
    const chunks = await snapshotChunks(store)
    assert.deepEqual(chunks[0], { kind: 'header', formatVersion: 1, appliedIndex: 4 })
    const sizes = chunks.slice(1).map((c) => (c.kind === 'entries' ? c.entries.length : -1))
    assert.ok(sizes.length > 1 && sizes.every((size) => size > 0 && size <= 1000), `chunk sizes ${sizes}`)
    await store.close()
  })

  it('restores into stores that end byte-identical to the source and to each other', async () => {
    const source = await populatedStore(300)
    const chunks = await snapshotChunks(source)
    const a = await openMemoryGraphStore()
    const b = await openMemoryGraphStore()
    await b.write(context(99), (w) => w.createNode(['Old'], { gone: true }))
    await a.restore(replay(chunks))
    await b.restore(replay(chunks))
    const expected = await storeContents(source)
    assert.deepEqual(await storeContents(a), expected)
    assert.deepEqual(await storeContents(b), expected)
    assert.equal(b.appliedIndex, 4)
    await b.read(async (r) => {
      assert.deepEqual(r.constraints().map((c) => c.name), ['u'])
      assert.deepEqual((await collect(r.nodesByIndex('N', 'i', { kind: 'equals', value: 7n }))).map((n) => n.id), [7])
      assert.deepEqual(await r.counts(), { nodes: 300, relationships: 299 })
    })
    // The restored counters carry on where the source left off.
    const created = await b.write(context(5), (w) => w.createNode([], {}))
    assert.equal(created.skipped ? undefined : created.value.id, 300)
    await Promise.all([source.close(), a.close(), b.close()])
  })

  it('reads one point in time while writes go on', async () => {
    const store = await populatedStore(10)
    const iterator = store.snapshot()[Symbol.asyncIterator]()
    const header = await iterator.next()
    await store.write(context(5), (w) => w.createNode(['Later'], {}))
    const rest: SnapshotChunk[] = []
    for (let step = await iterator.next(); step.done !== true; step = await iterator.next()) rest.push(step.value)
    const keys = rest.flatMap((c) => (c.kind === 'entries' ? c.entries.map(([key]) => key) : []))
    assert.deepEqual(header.value, { kind: 'header', formatVersion: 1, appliedIndex: 4 })
    assert.ok(!keys.includes('n:0000000000000010'))
    assert.ok(keys.includes('n:0000000000000009'))
    await store.close()
  })

  it('refuses a snapshot without a header or of another format, keeping the store as it was', async () => {
    const store = await populatedStore(3)
    const before = await storeContents(store)
    await assert.rejects(store.restore(replay([{ kind: 'entries', entries: [['n:1', '{}']] }])), /header/)
    await assert.rejects(store.restore(replay([{ kind: 'header', formatVersion: 99, appliedIndex: 1 }])), /format 99/)
    assert.deepEqual(await storeContents(store), before)
    await store.close()
  })

  it('empties the store when a snapshot fails halfway', async () => {
    const store = await populatedStore(3)
    async function* broken(): AsyncIterable<SnapshotChunk> {
      yield { kind: 'header', formatVersion: 1, appliedIndex: 50 }
      yield { kind: 'entries', entries: [['n:0000000000000000', '{"e":"1:0","l":[],"p":[]}']] }
      throw new Error('connection lost')
    }
    await assert.rejects(store.restore(broken()), /connection lost/)
    assert.equal(store.appliedIndex, 0)
    assert.deepEqual(await storeContents(store), [])
    await store.close()
  })
})
