import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { bootstrapLog } from '../../../../src/cluster/raft-mode/bootstrap-log.js'
import { WalRaftStorage } from '../../../../src/cluster/raft/storage/index.js'

let root: string
const storages: WalRaftStorage[] = []
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'nornic-bootstrap-log-'))
})
after(async () => {
  for (const storage of storages) await storage.close()
  await rm(root, { recursive: true, force: true })
})

/** A fresh Raft log with small segments, closed after the tests. */
function freshStorage(): WalRaftStorage {
  const storage = new WalRaftStorage(join(root, `log-${storages.length + 1}`), { segmentBytes: 64 * 1024 })
  storages.push(storage)
  return storage
}

// Clustering guide, raft compose file: node-1 bootstraps with node-2 and node-3 as peers; the
// issue: "Bootstrap on a node that already has state is ignored with a log line".
describe('bootstrapLog', () => {
  it('writes the founding membership as the first committed entry on the bootstrap node', async () => {
    const storage = freshStorage()
    assert.equal(await bootstrapLog(storage, 'node-1', ['node-3', 'node-2'], true), 'formed')
    const stored = await storage.load()
    assert.deepEqual(stored.entries.map((entry) => entry.type === 'config' ? entry.membership : undefined), [{ voters: ['node-1', 'node-2', 'node-3'], learners: [] }])
    assert.equal(stored.hardState.commit, 1)
  })

  it('ignores bootstrap on a node that has state, and leaves the state alone', async () => {
    const storage = freshStorage()
    await bootstrapLog(storage, 'node-1', ['node-2'], true)
    assert.equal(await bootstrapLog(storage, 'node-1', ['node-2', 'node-9'], true), 'ignored')
    const stored = await storage.load()
    assert.equal(stored.entries.length, 1)
    assert.deepEqual(stored.entries[0]!.type === 'config' ? stored.entries[0]!.membership.voters : [], ['node-1', 'node-2'])
  })

  it('writes nothing on a fresh node that does not bootstrap', async () => {
    const storage = freshStorage()
    assert.equal(await bootstrapLog(storage, 'node-2', ['node-1', 'node-3'], false), 'joining')
    assert.equal((await storage.load()).isEmpty, true)
  })
})
