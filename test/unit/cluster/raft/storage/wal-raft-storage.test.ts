import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm, stat, truncate, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { RaftStorageCorruption, WalRaftStorage, type WalRaftStorageOptions } from '../../../../../src/cluster/raft/storage/index.js'
import { encodeFrame, frameBytes } from '../../../../../src/cluster/raft/storage/wal-frame.js'
import type { Entry, SnapshotMeta } from '../../../../../src/cluster/raft/types.js'

const MEMBERS = { voters: ['n1', 'n2', 'n3'], learners: [] }
/** Small segments, so a few dozen saves cross many of them. */
const SMALL = { segmentBytes: 1024 }
/** What the tests use unless they say: room for every record they write in one segment. */
const ROOMY = { segmentBytes: 64 * 1024 }

function entry(index: number, term: number, data = `cmd-${index}`): Entry {
  return { index, term, type: 'normal', data }
}

function entries(from: number, to: number, term: number): Entry[] {
  return Array.from({ length: to - from + 1 }, (_, i) => entry(from + i, term))
}

let root: string
let dirs = 0
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'nornic-wal-'))
})
after(async () => {
  await rm(root, { recursive: true, force: true })
})

function freshDir(): string {
  return join(root, `log-${++dirs}`)
}

/** A storage on `dir`, loaded; closed by `closeAll` if the test does not. */
const opened: WalRaftStorage[] = []
async function reopened(dir: string, options: WalRaftStorageOptions = ROOMY): Promise<WalRaftStorage> {
  const storage = new WalRaftStorage(dir, options)
  opened.push(storage)
  await storage.load()
  return storage
}

async function loadAfresh(dir: string, options: WalRaftStorageOptions = ROOMY): ReturnType<WalRaftStorage['load']> {
  const storage = new WalRaftStorage(dir, options)
  try {
    return await storage.load()
  } finally {
    await storage.close()
  }
}

after(async () => {
  for (const storage of opened) await storage.close()
})

async function segmentNames(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.wal')).sort()
}

/** Byte offsets of the records in a segment, read from their length headers. */
function recordOffsets(segment: Buffer): number[] {
  const offsets: number[] = []
  for (let at = 0; at + 8 <= segment.length && segment.readUInt32LE(at) !== 0; at += frameBytes(segment.readUInt32LE(at))) offsets.push(at)
  return offsets
}

/** Writes a log by hand: one segment holding `payloads` as records (valid CRCs), then zeros. */
async function handWrittenLog(payloads: readonly string[]): Promise<string> {
  const dir = freshDir()
  await reopened(dir)
  const frames = Buffer.concat(payloads.map((payload) => encodeFrame(payload)))
  await writeFile(join(dir, '0000000000000001.wal'), Buffer.concat([frames, Buffer.alloc(4096)]))
  return dir
}

describe('WalRaftStorage: the durable log', () => {
  it('reads back a fresh log as empty', async () => {
    const state = await loadAfresh(freshDir(), SMALL)
    assert.equal(state.isEmpty, true)
    assert.deepEqual(state.hardState, { term: 0, vote: '', commit: 0 })
    assert.equal(state.snapshot.index, 0)
    assert.deepEqual(state.entries, [])
  })

  it('reads back appended entries and the hard state exactly', async () => {
    const dir = freshDir()
    const storage = await reopened(dir)
    await storage.save({ entries: entries(1, 3, 1), hardState: { term: 1, vote: 'n1', commit: 2 } })
    await storage.save({ entries: entries(4, 5, 2), hardState: { term: 2, vote: 'n2', commit: 5 } })
    const state = await loadAfresh(dir)
    assert.equal(state.isEmpty, false)
    assert.deepEqual(state.entries, [...entries(1, 3, 1), ...entries(4, 5, 2)])
    assert.deepEqual(state.hardState, { term: 2, vote: 'n2', commit: 5 })
  })

  it('overwrites a conflicting suffix: entries at and after the first new index are replaced (Raft 5.3)', async () => {
    const dir = freshDir()
    const storage = await reopened(dir)
    await storage.save({ entries: entries(1, 5, 1), hardState: { term: 1, vote: '', commit: 2 } })
    await storage.save({ entries: [entry(3, 2, 'new-3')], hardState: { term: 2, vote: '', commit: 2 } })
    const state = await loadAfresh(dir)
    assert.deepEqual(state.entries, [entry(1, 1), entry(2, 1), entry(3, 2, 'new-3')])
  })

  it('compacts: records the snapshot and keeps only the entries from the new first index', async () => {
    const dir = freshDir()
    const storage = await reopened(dir)
    await storage.save({ entries: entries(1, 10, 1), hardState: { term: 1, vote: '', commit: 10 } })
    const snapshot: SnapshotMeta = { index: 8, term: 1, membership: MEMBERS }
    await storage.compact(snapshot, 6)
    const state = await loadAfresh(dir)
    assert.deepEqual(state.snapshot, snapshot)
    assert.deepEqual(state.entries, entries(9, 10, 1), 'entries after the snapshot')
    assert.deepEqual(state.hardState, { term: 1, vote: '', commit: 10 })
    await storage.compact({ index: 9, term: 1, membership: MEMBERS }, 7)
    assert.deepEqual((await loadAfresh(dir)).entries, [entry(10, 1)])
  })

  it('installing a snapshot drops every stored entry, even those after it', async () => {
    const dir = freshDir()
    const storage = await reopened(dir)
    await storage.save({ entries: entries(1, 4, 1), hardState: { term: 1, vote: '', commit: 1 } })
    const snapshot: SnapshotMeta = { index: 20, term: 3, membership: MEMBERS }
    await storage.save({ snapshot, entries: [], hardState: { term: 3, vote: '', commit: 20 } })
    await storage.save({ entries: [entry(21, 3)], hardState: { term: 3, vote: '', commit: 21 } })
    const state = await loadAfresh(dir)
    assert.deepEqual(state.snapshot, snapshot)
    assert.deepEqual(state.entries, [entry(21, 3)])
  })

  it('load may be called again on an open log and reads the same state', async () => {
    const storage = await reopened(freshDir(), SMALL)
    await storage.save({ entries: entries(1, 30, 1), hardState: { term: 1, vote: 'n1', commit: 30 } })
    const first = await storage.load()
    assert.deepEqual(await storage.load(), first)
    await storage.save({ entries: [entry(31, 1)] })
    assert.equal((await storage.load()).entries.length, 31)
  })

  describe('checks before writing', () => {
    it('refuses a gap', async () => {
      const storage = await reopened(freshDir())
      await storage.save({ entries: entries(1, 2, 1) })
      await assert.rejects(storage.save({ entries: [entry(4, 1)] }), RaftStorageCorruption)
    })

    it('refuses entries whose indexes do not follow each other', async () => {
      const storage = await reopened(freshDir())
      await assert.rejects(storage.save({ entries: [entry(1, 1), entry(3, 1)] }), RaftStorageCorruption)
    })

    it('refuses a term that falls', async () => {
      const storage = await reopened(freshDir())
      await storage.save({ entries: entries(1, 2, 3), hardState: { term: 3, vote: '', commit: 0 } })
      await assert.rejects(storage.save({ entries: [entry(3, 2)] }), RaftStorageCorruption)
    })

    it('refuses to rewrite a committed entry', async () => {
      const storage = await reopened(freshDir())
      await storage.save({ entries: entries(1, 3, 1), hardState: { term: 1, vote: '', commit: 3 } })
      await assert.rejects(storage.save({ entries: [entry(2, 2)] }), RaftStorageCorruption)
    })

    it('refuses a hard state whose term or commit goes back, or whose commit is past the log', async () => {
      const storage = await reopened(freshDir())
      await storage.save({ entries: entries(1, 3, 2), hardState: { term: 2, vote: '', commit: 2 } })
      await assert.rejects(storage.save({ entries: [], hardState: { term: 1, vote: '', commit: 2 } }), RaftStorageCorruption)
      await assert.rejects(storage.save({ entries: [], hardState: { term: 2, vote: '', commit: 1 } }), RaftStorageCorruption)
      await assert.rejects(storage.save({ entries: [], hardState: { term: 2, vote: '', commit: 9 } }), RaftStorageCorruption)
    })

    it('refuses a snapshot record whose term differs from the log at its index', async () => {
      const storage = await reopened(freshDir())
      await storage.save({ entries: entries(1, 3, 1), hardState: { term: 1, vote: '', commit: 3 } })
      await assert.rejects(storage.compact({ index: 2, term: 7, membership: MEMBERS }, 2), RaftStorageCorruption)
    })

    it('refuses to write before the log is loaded', async () => {
      await assert.rejects(new WalRaftStorage(freshDir()).save({ entries: [entry(1, 1)] }), /load\(\) it first/)
    })
  })

  describe('checks after reading back', () => {
    const hardState = { term: 1, vote: '', commit: 2 }
    const save = (list: unknown[], state: unknown = hardState): string => JSON.stringify({ type: 'save', entries: list, hardState: state })

    it('reads a well-formed hand-written log (the tampered ones below differ in one thing)', async () => {
      const state = await loadAfresh(await handWrittenLog([save(entries(1, 3, 1))]))
      assert.deepEqual(state.entries, entries(1, 3, 1))
    })

    it('detects entries that skip an index between records', async () => {
      await assert.rejects(loadAfresh(await handWrittenLog([save(entries(1, 3, 1)), save([entry(7, 1)])])), RaftStorageCorruption)
    })

    it('detects a missing entry in the middle of a record', async () => {
      await assert.rejects(loadAfresh(await handWrittenLog([save([entry(1, 1), entry(3, 1)])])), RaftStorageCorruption)
    })

    it('detects a record that is not JSON', async () => {
      await assert.rejects(loadAfresh(await handWrittenLog([save(entries(1, 3, 1)), '{"type":"save",'])), RaftStorageCorruption)
    })

    it('detects an entry of an unknown type', async () => {
      await assert.rejects(loadAfresh(await handWrittenLog([save([...entries(1, 2, 1), { index: 3, term: 1, type: 'weird' }])])), RaftStorageCorruption)
    })

    it('detects a commit index past the last entry', async () => {
      await assert.rejects(loadAfresh(await handWrittenLog([save(entries(1, 3, 1), { term: 1, vote: '', commit: 9 })])), RaftStorageCorruption)
    })

    it('detects entries of a term past the stored term', async () => {
      await assert.rejects(loadAfresh(await handWrittenLog([save(entries(1, 3, 1), { term: 0, vote: '', commit: 0 })])), RaftStorageCorruption)
    })

    it('detects a gap between the snapshot and the first entry', async () => {
      await assert.rejects(loadAfresh(await handWrittenLog([save(entries(2, 3, 1))])), RaftStorageCorruption)
    })

    it('detects a held entry at the snapshot index with another term', async () => {
      const compact = JSON.stringify({ type: 'compact', snapshot: { index: 2, term: 5, membership: MEMBERS }, firstIndex: 1, hardState: { term: 5, vote: '', commit: 3 } })
      await assert.rejects(loadAfresh(await handWrittenLog([save(entries(1, 3, 1)), compact])), RaftStorageCorruption)
    })

    it('detects a missing segment between two kept ones', async () => {
      const dir = freshDir()
      const storage = await reopened(dir, SMALL)
      for (let i = 1; i <= 40; i++) await storage.save({ entries: [entry(i, 1, 'x'.repeat(100))], hardState: { term: 1, vote: '', commit: i } })
      await storage.close()
      const names = await segmentNames(dir)
      assert.ok(names.length >= 4)
      await unlink(join(dir, names[1]!))
      await assert.rejects(loadAfresh(dir, SMALL), RaftStorageCorruption)
    })
  })

  describe('segments', () => {
    it('rolls over across many small segments and replays them in order', async () => {
      const dir = freshDir()
      const storage = await reopened(dir, SMALL)
      const written: Entry[] = []
      for (let i = 1; i <= 120; i++) {
        const next = entry(i, 1 + Math.floor(i / 50), `value-${i}-${'y'.repeat(i % 37)}`)
        written.push(next)
        await storage.save({ entries: [next], hardState: { term: next.term, vote: 'n1', commit: i - 1 } })
      }
      await storage.close()
      const segments = await segmentNames(dir)
      assert.ok(segments.length >= 10, `${segments.length} segments`)
      const state = await loadAfresh(dir, SMALL)
      assert.deepEqual(state.entries, written)
      assert.deepEqual(state.hardState, { term: 3, vote: 'n1', commit: 119 })
    })

    it('prepares a spare segment of the configured size once the current one is half full, not before', async () => {
      const dir = freshDir()
      const storage = await reopened(dir, { segmentBytes: 4096 })
      await storage.save({ entries: [entry(1, 1)] })
      assert.deepEqual(await segmentNames(dir), ['0000000000000001.wal'], 'no spare while the segment is nearly empty')
      await storage.save({ entries: [entry(2, 1, 'h'.repeat(2100))] })
      await storage.close()
      assert.deepEqual(await segmentNames(dir), ['0000000000000001.wal', '0000000000000002.wal'])
      for (const name of await segmentNames(dir)) assert.equal((await stat(join(dir, name))).size, 4096)
    })

    it('finishes a spare cut short by a crash while it was prepared, and removes any segment after it', async () => {
      const dir = freshDir()
      const storage = await reopened(dir, { segmentBytes: 4096 })
      const half = entry(1, 1, 'h'.repeat(2100))
      await storage.save({ entries: [half], hardState: { term: 1, vote: '', commit: 1 } })
      await storage.close()
      await truncate(join(dir, '0000000000000002.wal'), 100)
      await writeFile(join(dir, '0000000000000003.wal'), Buffer.alloc(512))
      const state = await loadAfresh(dir, { segmentBytes: 4096 })
      assert.deepEqual(state.entries, [half])
      assert.deepEqual(await segmentNames(dir), ['0000000000000001.wal', '0000000000000002.wal'])
      assert.equal((await stat(join(dir, '0000000000000002.wal'))).size, 4096)
    })

    it('gives a record larger than a segment a segment of its own size', async () => {
      const dir = freshDir()
      const storage = await reopened(dir, SMALL)
      const big = entry(2, 1, 'z'.repeat(5000))
      await storage.save({ entries: [entry(1, 1), big, entry(3, 1)], hardState: { term: 1, vote: '', commit: 0 } })
      await storage.save({ entries: [entry(4, 1)] })
      await storage.close()
      const sizes = await Promise.all((await segmentNames(dir)).map(async (name) => (await stat(join(dir, name))).size))
      assert.ok(sizes.some((size) => size > 5000), `segment sizes ${sizes.join(', ')}`)
      assert.deepEqual((await loadAfresh(dir, SMALL)).entries, [entry(1, 1), big, entry(3, 1), entry(4, 1)])
    })

    it('a compaction deletes the old segments whose entries all lie before the first index, and the log restarts from the rest', async () => {
      const dir = freshDir()
      const storage = await reopened(dir, SMALL)
      for (let i = 1; i <= 100; i++) await storage.save({ entries: [entry(i, 2)], hardState: { term: 2, vote: 'n2', commit: i } })
      const before = await segmentNames(dir)
      const snapshot: SnapshotMeta = { index: 90, term: 2, membership: MEMBERS }
      await storage.compact(snapshot, 81)
      const afterNames = await segmentNames(dir)
      assert.ok(afterNames.length < before.length - 3, `${before.length} segments before, ${afterNames.length} after`)
      assert.notEqual(afterNames[0], '0000000000000001.wal')
      await storage.close()

      const restarted = await reopened(dir, SMALL)
      const state = await restarted.load()
      assert.deepEqual(state.snapshot, snapshot)
      assert.deepEqual(state.hardState, { term: 2, vote: 'n2', commit: 100 })
      assert.deepEqual(state.entries, entries(91, 100, 2))
      await restarted.save({ entries: [entry(101, 3)], hardState: { term: 3, vote: 'n1', commit: 101 } })
      await restarted.close()
      assert.deepEqual((await loadAfresh(dir, SMALL)).entries, [...entries(91, 100, 2), entry(101, 3)])
    })

    it('replays a kept record that rewrote entries whose older segments were deleted', async () => {
      const dir = freshDir()
      const storage = await reopened(dir, SMALL)
      for (let i = 1; i <= 30; i++) await storage.save({ entries: [entry(i, 1)], hardState: { term: 1, vote: '', commit: Math.min(i, 5) } })
      // A new leader overwrites 10.. (Raft 5.3); the record lands in a later segment.
      await storage.save({ entries: entries(10, 40, 2), hardState: { term: 2, vote: 'n2', commit: 40 } })
      await storage.compact({ index: 35, term: 2, membership: MEMBERS }, 31)
      await storage.close()
      const state = await loadAfresh(dir, SMALL)
      assert.equal(state.snapshot.index, 35)
      assert.deepEqual(state.entries, entries(36, 40, 2))
    })
  })

  describe('a crash mid-write', () => {
    async function logOfFive(): Promise<{ dir: string; segment: string }> {
      const dir = freshDir()
      const storage = await reopened(dir, { segmentBytes: 8192 })
      for (let i = 1; i <= 5; i++) await storage.save({ entries: [entry(i, 1, `payload-${i}`)], hardState: { term: 1, vote: '', commit: i - 1 } })
      await storage.close()
      return { dir, segment: join(dir, '0000000000000001.wal') }
    }

    /** After the torn record is dropped, a shorter record is written where it was, and the log reads back whole. */
    async function assertAppendsContinue(dir: string): Promise<void> {
      const storage = await reopened(dir, { segmentBytes: 8192 })
      const state = await storage.load()
      assert.deepEqual(state.entries, entries(1, 4, 1).map((e) => entry(e.index, 1, `payload-${e.index}`)))
      await storage.save({ entries: [entry(5, 1, 'x')] })
      await storage.close()
      assert.deepEqual((await loadAfresh(dir, { segmentBytes: 8192 })).entries.at(-1), entry(5, 1, 'x'))
    }

    it('a last record cut short (the file ends inside it) is dropped and appends continue', async () => {
      const { dir, segment } = await logOfFive()
      const last = recordOffsets(await readFile(segment)).at(-1)!
      await truncate(segment, last + 12)
      await assertAppendsContinue(dir)
    })

    it('a last record with a flipped byte is dropped, zeroed, and appends continue', async () => {
      const { dir, segment } = await logOfFive()
      const content = await readFile(segment)
      const last = recordOffsets(content).at(-1)!
      content[last + 20]! ^= 0xff
      await writeFile(segment, content)
      assert.equal((await loadAfresh(dir, { segmentBytes: 8192 })).entries.length, 4)
      assert.ok((await readFile(segment)).subarray(last).every((byte) => byte === 0), 'the torn record is zeroed')
      await assertAppendsContinue(dir)
    })

    it('a flipped byte in an earlier record is corruption, not a torn tail', async () => {
      const { dir, segment } = await logOfFive()
      const content = await readFile(segment)
      content[recordOffsets(content)[2]! + 20]! ^= 0xff
      await writeFile(segment, content)
      await assert.rejects(loadAfresh(dir), RaftStorageCorruption)
    })

    it('a flipped byte in the last record of an older segment is corruption', async () => {
      const dir = freshDir()
      const storage = await reopened(dir, SMALL)
      for (let i = 1; i <= 30; i++) await storage.save({ entries: [entry(i, 1, 'w'.repeat(60))] })
      await storage.close()
      const first = join(dir, (await segmentNames(dir))[0]!)
      const content = await readFile(first)
      content[recordOffsets(content).at(-1)! + 20]! ^= 0xff
      await writeFile(first, content)
      await assert.rejects(loadAfresh(dir, SMALL), RaftStorageCorruption)
    })

    it('bytes written after the end of the log are corruption', async () => {
      const { dir, segment } = await logOfFive()
      const content = await readFile(segment)
      content[content.length - 100] = 1
      await writeFile(segment, content)
      await assert.rejects(loadAfresh(dir), RaftStorageCorruption)
    })
  })
})
