import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { GraphStore } from '../../../../src/graph/store/graph-store.js'
import { openMemoryGraphStore } from '../../../../src/graph/store/level-graph-store.js'
import { collect, context, storeContents } from './fixtures.js'

describe('graph store: the write/read/appliedIndex contract', () => {
  let store: GraphStore
  beforeEach(async () => {
    store = await openMemoryGraphStore()
    await store.write(context(1), async (w) => {
      await w.createNode(['A'], { k: 1n }) // 0
      await w.createNode(['A'], { k: 2n }) // 1
      await w.createNode(['B'], {}) // 2
      await w.createRelationship('T', 0, 1, {}) // 0
    })
  })
  afterEach(async () => {
    await store.close()
  })

  it('lets a write see its own creates, updates and deletes in gets and every scan', async () => {
    await store.write(context(2), async (w) => {
      await w.createIndex({ name: 'a_k', label: 'A', property: 'k' }, false)
      const created = await w.createNode(['A'], { k: 9n })
      await w.deleteRelationship(0)
      await w.deleteNode(1)
      await w.setNodeLabels(2, ['A'])
      await w.setNodeProperties(2, { k: 9n })
      await w.createRelationship('U', created.id, 2, {})

      assert.equal(await w.getNode(1), undefined)
      assert.equal(await w.getRelationship(0), undefined)
      assert.deepEqual((await w.getNode(created.id))?.properties, { k: 9n })
      assert.deepEqual((await collect(w.nodes())).map((n) => n.id), [0, 2, 3])
      assert.deepEqual((await collect(w.nodesByLabel('A'))).map((n) => n.id), [0, 2, 3])
      assert.deepEqual(await collect(w.nodesByLabel('B')), [])
      assert.deepEqual((await collect(w.relationships())).map((r) => r.id), [1])
      assert.deepEqual((await collect(w.relationshipsOf(0, 'both'))).map((r) => r.id), [])
      assert.deepEqual((await collect(w.relationshipsOf(2, 'in'))).map((r) => r.id), [1])
      assert.deepEqual((await collect(w.nodesByIndex('A', 'k', { kind: 'equals', value: 9n }))).map((n) => n.id), [2, 3])
      assert.deepEqual((await collect(w.nodesByIndex('A', 'k', { kind: 'equals', value: 2n }))).map((n) => n.id), [])
      assert.deepEqual(await w.counts(), { nodes: 3, relationships: 1 })
      assert.deepEqual(w.indexes().map((i) => i.name), ['a_k'])
    })
  })

  it('shows a scan the nodes deleted and created ahead of it while it runs', async () => {
    await store.write(context(2), async (w) => {
      const seen: number[] = []
      for await (const node of w.nodesByLabel('A')) {
        seen.push(node.id)
        if (node.id === 0) {
          await w.deleteRelationship(0)
          await w.deleteNode(1)
          await w.createNode(['A'], {})
        }
      }
      assert.deepEqual(seen, [0, 3])
    })
  })

  it('stores nothing when the write throws, and the next write starts clean', async () => {
    const before = await storeContents(store)
    await assert.rejects(
      store.write(context(2), async (w) => {
        await w.createNode(['A'], {})
        await w.deleteRelationship(0)
        await w.createIndex({ name: 'i', label: 'A', property: 'k' }, false)
        throw new Error('statement failed')
      }),
      /statement failed/,
    )
    assert.deepEqual(await storeContents(store), before)
    assert.equal(store.appliedIndex, 1)
    const next = await store.write(context(2), async (w) => [w.indexes().length, (await w.createNode([], {})).id])
    assert.deepEqual(next, { skipped: false, value: [0, 3] })
  })

  it('skips a command whose index is not above appliedIndex, without calling it', async () => {
    let called = false
    const replayed = await store.write(context(1), async () => {
      called = true
    })
    assert.deepEqual(replayed, { skipped: true })
    assert.equal(called, false)
    await store.write(context(5), async () => undefined)
    assert.equal(store.appliedIndex, 5)
    assert.deepEqual(await store.write(context(4), async () => 1), { skipped: true })
    assert.deepEqual(await store.write(context(6), async () => 1), { skipped: false, value: 1 })
  })

  it('refuses a command index that is not a positive integer', async () => {
    await assert.rejects(store.write({ index: 0, timestamp: 0 }, async () => 1), RangeError)
    await assert.rejects(store.write({ index: 2.5, timestamp: 0 }, async () => 1), RangeError)
  })

  it('runs writes one at a time in call order', async () => {
    const order: string[] = []
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const first = store.write(context(2), async () => {
      order.push('first starts')
      await gate
      order.push('first ends')
    })
    const second = store.write(context(3), async () => {
      order.push('second runs')
    })
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(order, ['first starts'])
    release()
    await Promise.all([first, second])
    assert.deepEqual(order, ['first starts', 'first ends', 'second runs'])
    assert.equal(store.appliedIndex, 3)
  })

  it('keeps a read on its point in time while a write commits', async () => {
    await store.read(async (r) => {
      const before = await collect(r.nodes())
      await store.write(context(2), async (w) => {
        await w.createNode(['A'], {})
        await w.createIndex({ name: 'late', label: 'A', property: 'k' }, false)
      })
      assert.equal(store.appliedIndex, 2)
      assert.deepEqual(await collect(r.nodes()), before)
      assert.deepEqual(await r.counts(), { nodes: 3, relationships: 1 })
      assert.deepEqual(r.indexes(), [])
      assert.equal(r.nodesByIndex('A', 'k', { kind: 'equals', value: 1n }), undefined)
    })
    assert.deepEqual(await store.read((r) => r.counts()), { nodes: 4, relationships: 1 })
  })

  it('writes appliedIndex with the effects', async () => {
    await store.write(context(9), (w) => w.createNode([], {}))
    const contents = new Map(await storeContents(store))
    assert.equal(contents.get('m:applied'), '9')
    assert.equal(contents.get('m:node-count'), '4')
  })

  it('refuses work after close', async () => {
    await store.close()
    await assert.rejects(store.read(async () => 1), { code: 'Neo.TransientError.General.DatabaseUnavailable' })
    await assert.rejects(store.write(context(2), async () => 1), { code: 'Neo.TransientError.General.DatabaseUnavailable' })
  })
})
