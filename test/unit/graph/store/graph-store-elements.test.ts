import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { GraphStore } from '../../../../src/graph/store/graph-store.js'
import { openMemoryGraphStore } from '../../../../src/graph/store/level-graph-store.js'
import { collect, context } from './fixtures.js'

describe('graph store: nodes, relationships, labels, adjacency', () => {
  let store: GraphStore
  beforeEach(async () => {
    store = await openMemoryGraphStore()
  })
  afterEach(async () => {
    await store.close()
  })

  it('creates nodes with ids from 0 and element ids <command index>:<n>', async () => {
    const result = await store.write(context(7), async (w) => [await w.createNode(['A'], {}), await w.createNode([], {})])
    assert.equal(result.skipped, false)
    const [a, b] = result.skipped ? [] : result.value
    assert.deepEqual([a?.id, a?.elementId, b?.id, b?.elementId], [0, '7:0', 1, '7:1'])
    const next = await store.write(context(8), (w) => w.createNode([], {}))
    assert.deepEqual(next.skipped ? undefined : [next.value.id, next.value.elementId], [2, '8:0'])
  })

  it('counts nodes and relationships across elements of one command', async () => {
    const result = await store.write(context(3), async (w) => {
      const a = await w.createNode(['A'], {})
      const r = await w.createRelationship('T', a.id, a.id, {})
      return r.elementId
    })
    assert.deepEqual(result, { skipped: false, value: '3:1' })
  })

  it('reads back labels and properties, dropping nulls and duplicate labels', async () => {
    await store.write(context(1), (w) => w.createNode(['A', 'B', 'A'], { name: 'x', gone: null, n: 1n }))
    const node = await store.read((r) => r.getNode(0))
    assert.deepEqual(node, { id: 0, elementId: '1:0', labels: ['A', 'B'], properties: { n: 1n, name: 'x' } })
    assert.equal(await store.read((r) => r.getNode(1)), undefined)
    assert.equal(await store.read((r) => r.getNode(-1)), undefined)
  })

  it('replaces property maps and label sets, and keeps the label index in step', async () => {
    await store.write(context(1), async (w) => {
      await w.createNode(['A'], { a: 1n })
      await w.createNode(['A'], {})
    })
    await store.write(context(2), async (w) => {
      await w.setNodeProperties(0, { b: 'two', a: null })
      await w.setNodeLabels(0, ['B', 'C'])
    })
    await store.read(async (r) => {
      assert.deepEqual(await r.getNode(0), { id: 0, elementId: '1:0', labels: ['B', 'C'], properties: { b: 'two' } })
      assert.deepEqual((await collect(r.nodesByLabel('A'))).map((n) => n.id), [1])
      assert.deepEqual((await collect(r.nodesByLabel('B'))).map((n) => n.id), [0])
      assert.deepEqual(await collect(r.nodesByLabel('Missing')), [])
    })
  })

  it('iterates nodes and relationships in ascending id order', async () => {
    await store.write(context(1), async (w) => {
      for (let i = 0; i < 300; i++) await w.createNode(i % 2 === 0 ? ['Even'] : ['Odd'], { i: BigInt(i) })
      for (let i = 0; i < 299; i++) await w.createRelationship('NEXT', i, i + 1, {})
    })
    await store.read(async (r) => {
      const ids = (await collect(r.nodes())).map((n) => n.id)
      assert.deepEqual(ids, [...Array(300).keys()])
      const even = (await collect(r.nodesByLabel('Even'))).map((n) => n.id)
      assert.deepEqual(even, [...Array(150).keys()].map((i) => i * 2))
      const rels = (await collect(r.relationships())).map((rel) => rel.id)
      assert.deepEqual(rels, [...Array(299).keys()])
    })
  })

  it('finds relationships by node, direction and type; a self-loop once for both', async () => {
    await store.write(context(1), async (w) => {
      const a = await w.createNode([], {})
      const b = await w.createNode([], {})
      await w.createRelationship('KNOWS', a.id, b.id, {}) // 0
      await w.createRelationship('LIKES', b.id, a.id, {}) // 1
      await w.createRelationship('KNOWS', a.id, a.id, {}) // 2
      await w.createRelationship('AKNOWS', a.id, b.id, { w: 1.5 }) // 3
    })
    await store.read(async (r) => {
      const ids = async (dir: 'out' | 'in' | 'both', types?: string[]): Promise<number[]> =>
        (await collect(r.relationshipsOf(0, dir, types))).map((rel) => rel.id)
      assert.deepEqual(await ids('out'), [0, 2, 3])
      assert.deepEqual(await ids('in'), [1, 2])
      assert.deepEqual(await ids('both'), [0, 1, 2, 3])
      assert.deepEqual(await ids('both', ['KNOWS']), [0, 2])
      assert.deepEqual(await ids('both', ['LIKES', 'KNOWS']), [0, 1, 2])
      assert.deepEqual(await ids('out', []), [0, 2, 3])
      assert.deepEqual(await ids('out', ['NONE']), [])
      const rel = await r.getRelationship(3)
      assert.deepEqual(rel, { id: 3, elementId: '1:5', type: 'AKNOWS', startId: 0, endId: 1, properties: { w: 1.5 } })
    })
  })

  it('refuses a relationship to a node that does not exist', async () => {
    await store.write(context(1), (w) => w.createNode([], {}))
    await assert.rejects(
      store.write(context(2), (w) => w.createRelationship('T', 0, 99, {})),
      { code: 'Neo.ClientError.Statement.EntityNotFound' },
    )
    await assert.rejects(store.write(context(3), (w) => w.setNodeProperties(42, {})), { code: 'Neo.ClientError.Statement.EntityNotFound' })
    await assert.rejects(store.write(context(4), (w) => w.setRelationshipProperties(42, {})), { code: 'Neo.ClientError.Statement.EntityNotFound' })
  })

  it('sets relationship properties', async () => {
    await store.write(context(1), async (w) => {
      const a = await w.createNode([], {})
      await w.createRelationship('T', a.id, a.id, { x: 1n })
      await w.setRelationshipProperties(0, { y: [true, false] })
    })
    assert.deepEqual((await store.read((r) => r.getRelationship(0)))?.properties, { y: [true, false] })
  })

  it('refuses to delete a node that still has relationships, naming DETACH DELETE', async () => {
    await store.write(context(1), async (w) => {
      await w.createNode([], {})
      await w.createNode([], {})
      await w.createRelationship('T', 1, 0, {})
    })
    for (const id of [0, 1]) {
      await assert.rejects(store.write(context(2), (w) => w.deleteNode(id)), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'Neo.ClientError.Schema.ConstraintValidationFailed')
        assert.match(error.message, /DETACH DELETE/)
        return true
      })
    }
    await store.write(context(2), async (w) => {
      await w.deleteRelationship(0)
      await w.deleteNode(0)
      await w.deleteNode(0)
    })
    await store.read(async (r) => {
      assert.equal(await r.getNode(0), undefined)
      assert.equal(await r.getRelationship(0), undefined)
      assert.deepEqual(await collect(r.relationshipsOf(1, 'both')), [])
      assert.deepEqual(await r.counts(), { nodes: 1, relationships: 0 })
    })
  })

  it('keeps counts in counters: creates and deletes', async () => {
    assert.deepEqual(await store.read((r) => r.counts()), { nodes: 0, relationships: 0 })
    await store.write(context(1), async (w) => {
      for (let i = 0; i < 5; i++) await w.createNode(['N'], {})
      await w.createRelationship('T', 0, 1, {})
      await w.createRelationship('T', 1, 2, {})
    })
    await store.write(context(2), async (w) => {
      await w.deleteRelationship(1)
      await w.deleteRelationship(1)
      await w.deleteNode(4)
    })
    assert.deepEqual(await store.read((r) => r.counts()), { nodes: 4, relationships: 1 })
  })

  it('never reuses an id after a delete', async () => {
    await store.write(context(1), (w) => w.createNode([], {}))
    await store.write(context(2), (w) => w.deleteNode(0))
    const again = await store.write(context(3), (w) => w.createNode([], {}))
    assert.equal(again.skipped ? undefined : again.value.id, 1)
  })
})
