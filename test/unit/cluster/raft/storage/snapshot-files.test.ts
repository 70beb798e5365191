import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { RaftStorageCorruption, SnapshotFiles } from '../../../../../src/cluster/raft/storage/index.js'
import type { SnapshotMeta } from '../../../../../src/cluster/raft/types.js'

const meta = (index: number): SnapshotMeta => ({ index, term: 2, membership: { voters: ['n1'], learners: [] } })

async function* recordsOf(values: string[]): AsyncIterable<string> {
  yield* values
}

async function collect(records: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = []
  for await (const record of records) out.push(record)
  return out
}

describe('SnapshotFiles: snapshot data on disk', () => {
  let root: string
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'nornic-snapshots-'))
  })
  after(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('reads back the metadata and every record, newlines and all', async () => {
    const files = new SnapshotFiles(join(root, 'a'))
    const records = ['plain', 'with\nnewline', '{"json":true}', '']
    await files.write(meta(7), recordsOf(records))
    const reader = await files.open(7)
    assert.ok(reader)
    assert.deepEqual(reader.meta, meta(7))
    assert.deepEqual(await collect(reader.records()), records)
  })

  it('answers undefined for a snapshot that is not there, and hides a half-written one', async () => {
    const files = new SnapshotFiles(join(root, 'b'))
    const writer = await files.create(meta(3))
    await writer.write('x')
    assert.equal(await files.open(3), undefined)
    assert.deepEqual(await files.list(), [])
    await writer.abort()
    assert.deepEqual(await readdir(files.dir), [])
  })

  it('keeps newer snapshots and deletes older ones', async () => {
    const files = new SnapshotFiles(join(root, 'c'))
    for (const index of [3, 5, 9]) await files.write(meta(index), recordsOf([`at ${index}`]))
    await files.removeOlderThan(5)
    assert.deepEqual(await files.list(), [5, 9])
  })

  it('an open reader still reads a snapshot deleted after it was opened', async () => {
    const files = new SnapshotFiles(join(root, 'd'))
    await files.write(meta(4), recordsOf(['one', 'two']))
    const reader = await files.open(4)
    assert.ok(reader)
    await files.removeOlderThan(10)
    assert.deepEqual(await collect(reader.records()), ['one', 'two'])
  })

  it('refuses a file whose metadata names another index', async () => {
    const files = new SnapshotFiles(join(root, 'e'))
    const writer = await files.create(meta(6))
    await writer.finish()
    const other = new SnapshotFiles(join(root, 'e'))
    // Rename by hand: a file under the wrong name is corruption, not a snapshot.
    const { rename } = await import('node:fs/promises')
    await rename(join(other.dir, '0000000000000006.snap'), join(other.dir, '0000000000000008.snap'))
    await assert.rejects(other.open(8), RaftStorageCorruption)
  })
})
