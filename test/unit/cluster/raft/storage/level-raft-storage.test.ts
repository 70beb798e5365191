import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MemoryLevel } from 'memory-level'
import { LevelRaftStorage, RaftStorageCorruption, type RaftLevel } from '../../../../../src/cluster/raft/storage/index.js'
import type { Entry, SnapshotMeta } from '../../../../../src/cluster/raft/types.js'

const MEMBERS = { voters: ['n1', 'n2', 'n3'], learners: [] }

function entry(index: number, term: number, data = `cmd-${index}`): Entry {
  return { index, term, type: 'normal', data }
}

function entries(from: number, to: number, term: number): Entry[] {
  return Array.from({ length: to - from + 1 }, (_, i) => entry(from + i, term))
}

function freshDb(): RaftLevel {
  return new MemoryLevel<string, string>() as unknown as RaftLevel
}

async function reopened(db: RaftLevel): Promise<LevelRaftStorage> {
  const storage = new LevelRaftStorage(db)
  await storage.load()
  return storage
}

describe('LevelRaftStorage: the durable log', () => {
  it('reads back a fresh store as empty', async () => {
    const state = await new LevelRaftStorage(freshDb()).load()
    assert.equal(state.isEmpty, true)
    assert.deepEqual(state.hardState, { term: 0, vote: '', commit: 0 })
    assert.equal(state.snapshot.index, 0)
    assert.deepEqual(state.entries, [])
  })

  it('reads back appended entries and the hard state exactly', async () => {
    const db = freshDb()
    const storage = await reopened(db)
    await storage.save({ entries: entries(1, 3, 1), hardState: { term: 1, vote: 'n1', commit: 2 } })
    await storage.save({ entries: entries(4, 5, 2), hardState: { term: 2, vote: 'n2', commit: 5 } })
    const state = await new LevelRaftStorage(db).load()
    assert.equal(state.isEmpty, false)
    assert.deepEqual(state.entries, [...entries(1, 3, 1), ...entries(4, 5, 2)])
    assert.deepEqual(state.hardState, { term: 2, vote: 'n2', commit: 5 })
  })

  it('overwrites a conflicting suffix: entries at and after the first new index are replaced (Raft 5.3)', async () => {
    const db = freshDb()
    const storage = await reopened(db)
    await storage.save({ entries: entries(1, 5, 1), hardState: { term: 1, vote: '', commit: 2 } })
    await storage.save({ entries: [entry(3, 2, 'new-3')], hardState: { term: 2, vote: '', commit: 2 } })
    const state = await new LevelRaftStorage(db).load()
    assert.deepEqual(state.entries, [entry(1, 1), entry(2, 1), entry(3, 2, 'new-3')])
  })

  it('compacts: records the snapshot and keeps only the entries from the new first index', async () => {
    const db = freshDb()
    const storage = await reopened(db)
    await storage.save({ entries: entries(1, 10, 1), hardState: { term: 1, vote: '', commit: 10 } })
    const snapshot: SnapshotMeta = { index: 8, term: 1, membership: MEMBERS }
    await storage.compact(snapshot, 6)
    const keys = await db.keys().all()
    assert.deepEqual(keys.filter((key) => key.startsWith('log/')).length, 5)
    const state = await new LevelRaftStorage(db).load()
    assert.deepEqual(state.snapshot, snapshot)
    assert.deepEqual(state.entries, entries(9, 10, 1), 'entries after the snapshot')
  })

  it('installing a snapshot drops every stored entry, even those after it', async () => {
    const db = freshDb()
    const storage = await reopened(db)
    await storage.save({ entries: entries(1, 4, 1), hardState: { term: 1, vote: '', commit: 1 } })
    const snapshot: SnapshotMeta = { index: 20, term: 3, membership: MEMBERS }
    await storage.save({ snapshot, entries: [], hardState: { term: 3, vote: '', commit: 20 } })
    await storage.save({ entries: [entry(21, 3)], hardState: { term: 3, vote: '', commit: 21 } })
    const state = await new LevelRaftStorage(db).load()
    assert.deepEqual(state.snapshot, snapshot)
    assert.deepEqual(state.entries, [entry(21, 3)])
  })

  describe('checks before writing', () => {
    it('refuses a gap', async () => {
      const storage = await reopened(freshDb())
      await storage.save({ entries: entries(1, 2, 1) })
      await assert.rejects(storage.save({ entries: [entry(4, 1)] }), RaftStorageCorruption)
    })

    it('refuses entries whose indexes do not follow each other', async () => {
      const storage = await reopened(freshDb())
      await assert.rejects(storage.save({ entries: [entry(1, 1), entry(3, 1)] }), RaftStorageCorruption)
    })

    it('refuses a term that falls', async () => {
      const storage = await reopened(freshDb())
      await storage.save({ entries: entries(1, 2, 3), hardState: { term: 3, vote: '', commit: 0 } })
      await assert.rejects(storage.save({ entries: [entry(3, 2)] }), RaftStorageCorruption)
    })

    it('refuses to rewrite a committed entry', async () => {
      const storage = await reopened(freshDb())
      await storage.save({ entries: entries(1, 3, 1), hardState: { term: 1, vote: '', commit: 3 } })
      await assert.rejects(storage.save({ entries: [entry(2, 2)] }), RaftStorageCorruption)
    })

    it('refuses a hard state whose term or commit goes back, or whose commit is past the log', async () => {
      const storage = await reopened(freshDb())
      await storage.save({ entries: entries(1, 3, 2), hardState: { term: 2, vote: '', commit: 2 } })
      await assert.rejects(storage.save({ entries: [], hardState: { term: 1, vote: '', commit: 2 } }), RaftStorageCorruption)
      await assert.rejects(storage.save({ entries: [], hardState: { term: 2, vote: '', commit: 1 } }), RaftStorageCorruption)
      await assert.rejects(storage.save({ entries: [], hardState: { term: 2, vote: '', commit: 9 } }), RaftStorageCorruption)
    })

    it('refuses a snapshot record whose term differs from the log at its index', async () => {
      const storage = await reopened(freshDb())
      await storage.save({ entries: entries(1, 3, 1), hardState: { term: 1, vote: '', commit: 3 } })
      await assert.rejects(storage.compact({ index: 2, term: 7, membership: MEMBERS }, 2), RaftStorageCorruption)
    })
  })

  describe('checks after reading back', () => {
    async function tampered(change: (db: RaftLevel) => Promise<void>): Promise<unknown> {
      const db = freshDb()
      const storage = await reopened(db)
      await storage.save({ entries: entries(1, 3, 1), hardState: { term: 1, vote: '', commit: 2 } })
      await change(db)
      return new LevelRaftStorage(db).load()
    }

    it('detects an entry stored under another index', async () => {
      await assert.rejects(tampered((db) => db.put('log/0000000000000002', JSON.stringify(entry(7, 1)))), RaftStorageCorruption)
    })

    it('detects a missing entry in the middle', async () => {
      await assert.rejects(tampered((db) => db.del('log/0000000000000002')), RaftStorageCorruption)
    })

    it('detects a value that is not JSON', async () => {
      await assert.rejects(tampered((db) => db.put('log/0000000000000003', '{"index":3,')), RaftStorageCorruption)
    })

    it('detects an entry of an unknown type', async () => {
      await assert.rejects(tampered((db) => db.put('log/0000000000000003', JSON.stringify({ index: 3, term: 1, type: 'weird' }))), RaftStorageCorruption)
    })

    it('detects a commit index past the last entry', async () => {
      await assert.rejects(tampered((db) => db.put('meta/hard-state', JSON.stringify({ term: 1, vote: '', commit: 9 }))), RaftStorageCorruption)
    })

    it('detects entries of a term past the stored term', async () => {
      await assert.rejects(tampered((db) => db.put('meta/hard-state', JSON.stringify({ term: 0, vote: '', commit: 0 }))), RaftStorageCorruption)
    })

    it('detects a gap between the snapshot and the first entry', async () => {
      await assert.rejects(tampered(async (db) => {
        await db.put('meta/snapshot', JSON.stringify({ index: 0, term: 0, membership: MEMBERS }))
        await db.del('log/0000000000000001')
      }), RaftStorageCorruption)
    })
  })
})
