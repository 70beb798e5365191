import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { create, items, startInProcessPair, until, untilPrimaryTakesWrites } from './ha-pair.js'

describe('reads on a hot standby', () => {
  it('QUORUM waits until the standby has applied what the primary had; ONE reads what is there', async () => {
    // A batch of two waits up to 2 s to fill, so a lone write stays on the primary for a while.
    const pair = await startInProcessPair({
      NORNICDB_CLUSTER_HA_SYNC_MODE: 'async', NORNICDB_CLUSTER_HA_WAL_BATCH_SIZE: '2', NORNICDB_CLUSTER_HA_WAL_BATCH_TIMEOUT: '2s',
    })
    try {
      await untilPrimaryTakesWrites(pair)
      await pair.primary.replicator.propose(create(1))
      await pair.standby.replicator.barrier('ONE')
      assert.deepEqual(await items(pair.standby.graph), [], 'ONE reads local state, which lacks the write')
      await pair.standby.replicator.barrier('QUORUM')
      assert.deepEqual(await items(pair.standby.graph), [1], 'QUORUM sees every write the primary acknowledged before it')
    } finally {
      await pair.close()
    }
  })

  it('QUORUM on a standby that cannot reach the primary fails with a retryable error that says what to do', async () => {
    const pair = await startInProcessPair({ NORNICDB_CLUSTER_HA_SYNC_MODE: 'async', NORNICDB_CLUSTER_HA_SYNC_TIMEOUT: '300ms' })
    try {
      await until('the standby to hear the primary', () => (pair.standby.replicator.status().peers[0]?.healthy ? true : undefined))
      for (const proxy of pair.proxies) proxy.cut()
      await assert.rejects(pair.standby.replicator.barrier('QUORUM'), (error: { code: string; message: string }) => {
        assert.equal(error.code, 'Neo.TransientError.Cluster.NoLeader')
        assert.match(error.message, /^node-2 cannot serve a QUORUM read: .*; retry, read on the primary, or read with consistency ONE$/)
        return true
      })
      await pair.standby.replicator.barrier('ONE')
    } finally {
      await pair.close()
    }
  })
})
