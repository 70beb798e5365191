import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { create, items, startInProcessPair, until, untilPrimaryTakesWrites } from './ha-pair.js'

describe('WAL batches (NORNICDB_CLUSTER_HA_WAL_BATCH_SIZE, NORNICDB_CLUSTER_HA_WAL_BATCH_TIMEOUT)', () => {
  it('a batch smaller than the batch size waits up to the batch timeout to fill, and leaves once full', async () => {
    const pair = await startInProcessPair({
      NORNICDB_CLUSTER_HA_SYNC_MODE: 'async', NORNICDB_CLUSTER_HA_WAL_BATCH_SIZE: '3', NORNICDB_CLUSTER_HA_WAL_BATCH_TIMEOUT: '10s',
    })
    try {
      await untilPrimaryTakesWrites(pair)
      await pair.primary.replicator.propose(create(1))
      // An absence can only be checked over a while: half a second of heartbeats at the default 1 s.
      const waitUntil = Date.now() + 500
      await until('half a second to pass', () => (Date.now() >= waitUntil ? true : undefined))
      assert.deepEqual(await items(pair.standby.graph), [], 'one entry of three waits for the batch to fill')
      await Promise.all([pair.primary.replicator.propose(create(2)), pair.primary.replicator.propose(create(3))])
      await until('the full batch to reach the standby', async () => ((await items(pair.standby.graph)).length === 3 ? true : undefined))
      assert.deepEqual(await items(pair.standby.graph), [1, 2, 3])
    } finally {
      await pair.close()
    }
  })

  it('with the default batch timeout of 0 a lone entry leaves at once', async () => {
    const pair = await startInProcessPair({ NORNICDB_CLUSTER_HA_SYNC_MODE: 'async', NORNICDB_CLUSTER_HA_WAL_BATCH_SIZE: '3' })
    try {
      await untilPrimaryTakesWrites(pair)
      await pair.primary.replicator.propose(create(1))
      await until('the entry to reach the standby', async () => ((await items(pair.standby.graph)).length === 1 ? true : undefined))
    } finally {
      await pair.close()
    }
  })
})
