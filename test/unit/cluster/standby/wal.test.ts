import assert from 'node:assert/strict'
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { WriteAheadLog, type WalEntry } from '../../../../src/cluster/standby/wal.js'

const dirs: string[] = []
after(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nornic-wal-'))
  dirs.push(dir)
  return dir
}

function entry(index: number, epoch = 1): WalEntry {
  return { index, epoch, timestamp: 1_000 + index, statements: [{ q: `CREATE (:N {i: ${index}})`, p: {} }] }
}

describe('hot standby WAL', () => {
  it('keeps appended entries across a reopen', async () => {
    const dir = await freshDir()
    const wal = await WriteAheadLog.open(dir, { retainEntries: 100 })
    await wal.append([entry(1), entry(2)])
    await wal.append([entry(3, 2)])
    await wal.close()
    const reopened = await WriteAheadLog.open(dir, { retainEntries: 100 })
    assert.deepEqual(reopened.last, { index: 3, epoch: 2 })
    assert.deepEqual(reopened.entriesFrom(2, 10), [entry(2), entry(3, 2)])
    assert.equal(reopened.epochAt(0), 0)
    assert.equal(reopened.epochAt(3), 2)
    assert.equal(reopened.epochAt(4), undefined)
    await reopened.close()
  })

  it('keeps a request\'s expected run and id reservation across a reopen', async () => {
    const dir = await freshDir()
    const wal = await WriteAheadLog.open(dir, { retainEntries: 100 })
    const expected = { timestamp: 1_001, seed: 99, nodeIds: [[5, '4:n:5']] as const, relationshipIds: [[2, '5:n:2']] as const, digests: ['ab', 'cd'] }
    const ranAhead: WalEntry = { ...entry(1), expected }
    const reservation: WalEntry = { index: 2, epoch: 1, timestamp: 1_002, statements: [], reserveIds: { nodes: 256, relationships: 128 } }
    await wal.append([ranAhead, reservation, entry(3)])
    await wal.close()
    const reopened = await WriteAheadLog.open(dir, { retainEntries: 100 })
    assert.deepEqual(reopened.entriesFrom(1, 10), [ranAhead, reservation, entry(3)])
    await reopened.close()
  })

  it('reads a log written before requests had optional fields: its entries are statements only', async () => {
    const dir = await freshDir()
    const wal = await WriteAheadLog.open(dir, { retainEntries: 100 })
    await wal.close()
    const base = await readFile(join(dir, 'entries.log'), 'utf8')
    await writeFile(join(dir, 'entries.log'), `${base}{"index":1,"epoch":1,"timestamp":1001,"statements":[{"q":"CREATE (:N {i: 1})","p":{}}]}\n`)
    const reopened = await WriteAheadLog.open(dir, { retainEntries: 100 })
    assert.deepEqual(reopened.entriesFrom(1, 10), [entry(1)])
    assert.deepEqual(Object.keys(reopened.entriesFrom(1, 1)[0]!), ['index', 'epoch', 'timestamp', 'statements'])
    await reopened.close()
  })

  it('drops a torn last line (a crash mid-append was never acknowledged)', async () => {
    const dir = await freshDir()
    const wal = await WriteAheadLog.open(dir, { retainEntries: 100 })
    await wal.append([entry(1)])
    await wal.close()
    await appendFile(join(dir, 'entries.log'), '{"index":2,"epo')
    const reopened = await WriteAheadLog.open(dir, { retainEntries: 100 })
    assert.equal(reopened.lastIndex, 1)
    await reopened.append([entry(2)])
    await reopened.close()
    const third = await WriteAheadLog.open(dir, { retainEntries: 100 })
    assert.equal(third.lastIndex, 2)
    await third.close()
  })

  it('refuses a gap, truncates a tail and restarts after a snapshot point', async () => {
    const wal = await WriteAheadLog.open(await freshDir(), { retainEntries: 100 })
    await wal.append([entry(1), entry(2), entry(3)])
    await assert.rejects(wal.append([entry(5)]), /out of order/)
    assert.equal(await wal.truncateAfter(1), 2)
    assert.equal(wal.lastIndex, 1)
    assert.equal(await wal.truncateAfter(1), 0)
    await wal.resetTo({ index: 40, epoch: 3 })
    assert.deepEqual(wal.last, { index: 40, epoch: 3 })
    assert.equal(wal.firstIndex, 41)
    assert.deepEqual(wal.entriesFrom(1, 10), [])
    await wal.append([entry(41, 3)])
    await wal.close()
  })

  it('trims to the retained entries and keeps the epoch of its new base', async () => {
    const dir = await freshDir()
    const wal = await WriteAheadLog.open(dir, { retainEntries: 2 })
    for (let index = 1; index <= 5; index++) await wal.append([entry(index, index < 3 ? 1 : 2)])
    assert.equal(wal.firstIndex, 4)
    assert.deepEqual(wal.base, { index: 3, epoch: 2 })
    await wal.close()
    const reopened = await WriteAheadLog.open(dir, { retainEntries: 2 })
    assert.deepEqual(reopened.entriesFrom(4, 10), [entry(4, 2), entry(5, 2)])
    await reopened.close()
  })
})
