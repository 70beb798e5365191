import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { WalRaftStorage } from '../../src/cluster/raft/storage/index.js'
import { payloadOf, WRITER_SEGMENT_BYTES } from './fixtures/raft-wal-entries.js'
import { runThenKill } from './support/kill-after-acks.js'

const WRITER = fileURLToPath(new URL('./fixtures/raft-wal-writer.ts', import.meta.url))
/** Generous: the child starts tsx and fsyncs every entry on a loaded machine. */
const ACK_WAIT_MS = 60_000

/** Reads the log back and checks it holds every acknowledged entry, whole; returns its last index. */
async function assertHoldsEveryAcknowledged(dir: string, lastAcked: number): Promise<number> {
  const storage = new WalRaftStorage(dir, { segmentBytes: WRITER_SEGMENT_BYTES })
  try {
    const { entries, snapshot, hardState } = await storage.load()
    const lastIndex = entries.at(-1)?.index ?? snapshot.index
    assert.ok(lastIndex >= lastAcked, `the log ends at ${lastIndex}, before the last acknowledged entry ${lastAcked}`)
    assert.ok(snapshot.index > 0 && snapshot.index < lastIndex, `snapshot at ${snapshot.index}`)
    assert.deepEqual(entries.map((entry) => entry.index), Array.from({ length: lastIndex - snapshot.index }, (_, i) => snapshot.index + 1 + i))
    for (const entry of entries) assert.equal(entry.type === 'normal' ? entry.data : undefined, payloadOf(entry.index))
    assert.equal(hardState.commit, lastIndex)
    return lastIndex
  } finally {
    await storage.close()
  }
}

describe('the Raft write-ahead log survives kill -9', () => {
  let dir: string
  before(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'nornic-wal-crash-')), 'wal')
  })
  after(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true })
  })

  it('keeps every acknowledged entry through two SIGKILLs mid-stream, across rollovers and compactions', { timeout: 4 * ACK_WAIT_MS }, async () => {
    const firstAcked = await runThenKill(WRITER, [dir], 300, ACK_WAIT_MS)
    const firstLast = await assertHoldsEveryAcknowledged(dir, firstAcked)
    const secondAcked = await runThenKill(WRITER, [dir], 300, ACK_WAIT_MS)
    assert.ok(secondAcked > firstLast)
    await assertHoldsEveryAcknowledged(dir, secondAcked)
  })
})
