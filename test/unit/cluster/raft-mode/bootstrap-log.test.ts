import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MemoryLevel } from 'memory-level'
import { bootstrapLog } from '../../../../src/cluster/raft-mode/bootstrap-log.js'
import { LevelRaftStorage, type RaftLevel } from '../../../../src/cluster/raft/storage/index.js'

function memoryStorage(): LevelRaftStorage {
  return new LevelRaftStorage(new MemoryLevel<string, string>() as unknown as RaftLevel)
}

// Clustering guide, raft compose file: node-1 bootstraps with node-2 and node-3 as peers; the
// issue: "Bootstrap on a node that already has state is ignored with a log line".
describe('bootstrapLog', () => {
  it('writes the founding membership as the first committed entry on the bootstrap node', async () => {
    const storage = memoryStorage()
    assert.equal(await bootstrapLog(storage, 'node-1', ['node-3', 'node-2'], true), 'formed')
    const stored = await storage.load()
    assert.deepEqual(stored.entries.map((entry) => entry.type === 'config' ? entry.membership : undefined), [{ voters: ['node-1', 'node-2', 'node-3'], learners: [] }])
    assert.equal(stored.hardState.commit, 1)
  })

  it('ignores bootstrap on a node that has state, and leaves the state alone', async () => {
    const storage = memoryStorage()
    await bootstrapLog(storage, 'node-1', ['node-2'], true)
    assert.equal(await bootstrapLog(storage, 'node-1', ['node-2', 'node-9'], true), 'ignored')
    const stored = await storage.load()
    assert.equal(stored.entries.length, 1)
    assert.deepEqual(stored.entries[0]!.type === 'config' ? stored.entries[0]!.membership.voters : [], ['node-1', 'node-2'])
  })

  it('writes nothing on a fresh node that does not bootstrap', async () => {
    const storage = memoryStorage()
    assert.equal(await bootstrapLog(storage, 'node-2', ['node-1', 'node-3'], false), 'joining')
    assert.equal((await storage.load()).isEmpty, true)
  })
})
