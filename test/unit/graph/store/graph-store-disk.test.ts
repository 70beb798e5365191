import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Level } from 'level'
import { openLevelGraphStore, openMemoryGraphStore } from '../../../../src/graph/store/level-graph-store.js'
import { INT64_MAX, INT64_MIN } from '../../../../src/graph/values.js'
import { collect, context, storeContents } from './fixtures.js'

describe('graph store on disk', () => {
  let root: string
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'nornic-graph-store-'))
  })
  after(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('a write without fsync is applied all the same and is there after a reopen', async () => {
    const dir = join(root, 'unsynced', 'graph')
    const store = await openLevelGraphStore(dir)
    const written = await store.write(context(7), async (w) => (await w.createNode(['U'], { n: 1n })).id, { fsync: false })
    assert.deepEqual(written, { skipped: false, value: 0 })
    assert.equal(store.appliedIndex, 7)
    await store.close()
    const reopened = await openLevelGraphStore(dir)
    assert.equal(reopened.appliedIndex, 7)
    assert.deepEqual((await reopened.read((r) => r.getNode(0)))?.properties, { n: 1n })
    await reopened.close()
  })

  it('records a later applied index after the writes asked for before it, durably; never a lower one', async () => {
    const dir = join(root, 'persisted', 'graph')
    const store = await openLevelGraphStore(dir)
    const written = store.write(context(4), (w) => w.createNode(['P'], {}), { fsync: false })
    const persisted = store.persistApplied(9)
    await written
    assert.equal(store.appliedIndex, 4, 'the applied index waits in the write queue behind the write')
    await persisted
    assert.equal(store.appliedIndex, 9)
    await assert.rejects(store.persistApplied(8), RangeError)
    assert.deepEqual(await store.write(context(9), async () => 1), { skipped: true }, 'commands up to the recorded index are replays')
    await store.close()
    const reopened = await openLevelGraphStore(dir)
    assert.equal(reopened.appliedIndex, 9)
    assert.equal((await reopened.read((r) => r.counts())).nodes, 1)
    await reopened.close()
  })

  it('creates the directory and keeps everything across a reopen', async () => {
    const dir = join(root, 'data', 'graph')
    const store = await openLevelGraphStore(dir)
    await store.write(context(3), async (w) => {
      await w.createIndex({ name: 'i', label: 'A', property: 'v' }, false)
      const a = await w.createNode(['A'], { v: INT64_MAX, f: 1.0, big: 2n ** 53n + 1n })
      const b = await w.createNode(['A'], { v: INT64_MIN })
      await w.createRelationship('T', a.id, b.id, {})
    })
    const contents = await storeContents(store)
    await store.close()

    const reopened = await openLevelGraphStore(dir)
    assert.equal(reopened.appliedIndex, 3)
    assert.deepEqual(await storeContents(reopened), contents)
    await reopened.read(async (r) => {
      const node = await r.getNode(0)
      assert.deepEqual(node?.properties, { big: 2n ** 53n + 1n, f: 1.0, v: INT64_MAX })
      assert.equal(typeof node?.properties.f, 'number')
      assert.deepEqual((await collect(r.nodesByIndex('A', 'v', { kind: 'equals', value: INT64_MIN }))).map((n) => n.id), [1])
    })
    const next = await reopened.write(context(4), (w) => w.createNode([], {}))
    assert.equal(next.skipped ? undefined : next.value.id, 2)
    assert.deepEqual(await reopened.write(context(3), async () => 1), { skipped: true })
    await reopened.close()
  })

  it('holds the same bytes as a memory store that applied the same commands', async () => {
    const disk = await openLevelGraphStore(join(root, 'same-bytes'))
    const memory = await openMemoryGraphStore()
    for (const store of [disk, memory]) {
      await store.write(context(1), async (w) => {
        await w.createConstraint({ name: 'u', label: 'U', property: 'k', kind: 'unique' }, false)
        for (let i = 0; i < 50; i++) await w.createNode(['U', '\u{1f600}', '\ue000'], { k: i % 2 === 0 ? BigInt(i) : `s${i}`, f: i / 3 })
        for (let i = 1; i < 50; i++) await w.createRelationship(i % 2 === 0 ? 'A' : '\uffff', i, i - 1, {})
      })
      await store.write(context(2), async (w) => {
        await w.deleteRelationship(3)
        await w.setNodeProperties(3, { k: 'moved' })
      })
    }
    assert.deepEqual(await storeContents(disk), await storeContents(memory))
    await Promise.all([disk.close(), memory.close()])
  })

  it('fails with DataDirLocked, naming the directory, when the store is already open', async () => {
    const dir = join(root, 'locked')
    const store = await openLevelGraphStore(dir)
    await assert.rejects(openLevelGraphStore(dir), (error: Error & { code?: string; facts?: Record<string, unknown> }) => {
      assert.equal(error.code, 'Nornic.Node.DataDirLocked')
      assert.ok(error.message.includes(dir))
      assert.equal(error.facts?.dir, dir)
      return true
    })
    await store.close()
  })

  it('opens empty after a restore that stopped halfway', async () => {
    const dir = join(root, 'half-restored')
    const db = new Level<string, string>(dir)
    await db.batch([
      { type: 'put', key: 'm:restoring', value: '1' },
      { type: 'put', key: 'n:0000000000000000', value: '{"e":"1:0","l":[],"p":[]}' },
      { type: 'put', key: 'm:applied', value: '7' },
    ])
    await db.close()
    const store = await openLevelGraphStore(dir)
    assert.equal(store.appliedIndex, 0)
    assert.deepEqual(await storeContents(store), [])
    await store.close()
  })
})
