import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { create, items, startInProcessPair, until, untilPrimaryTakesWrites, writeReplicated } from './ha-pair.js'

// Issue 6, "Epochs and fencing": a node that sees a higher epoch stops taking writes, discards any WAL
// tail past the divergence point (async mode can leave one), reports how many entries it discarded and
// catches up, here from a snapshot since its graph had applied the discarded entries.
describe('hot standby divergence after a split (async)', () => {
  it('the old primary discards the writes the new primary never had and ends with the same graph', async () => {
    const pair = await startInProcessPair({ NORNICDB_CLUSTER_HA_SYNC_MODE: 'async', NORNICDB_CLUSTER_HA_AUTO_FAILOVER: 'false', NORNICDB_CLUSTER_HA_FAILOVER_TIMEOUT: '200ms' })
    try {
      const { primary, standby } = pair
      await untilPrimaryTakesWrites(pair)
      await writeReplicated(pair, 2)

      for (const proxy of pair.proxies) proxy.cut()
      // async: acknowledged by the primary alone, never seen by the standby.
      await primary.replicator.propose(create(3))
      await primary.replicator.propose(create(4))
      const promoted = await standby.replicator.promote({ force: true })
      assert.deepEqual({ promoted: promoted.promoted, fenced: promoted.fenced, epoch: promoted.epoch }, { promoted: true, fenced: false, epoch: 2 })
      await standby.replicator.propose(create(10))

      for (const proxy of pair.proxies) proxy.heal()
      await until('the old primary to become standby', () => (primary.replicator.status().role === 'standby' ? true : undefined))
      await assert.rejects(primary.replicator.propose(create(99)), { code: 'Neo.ClientError.Cluster.NotALeader' })
      await until('the old primary to match the new one', async () => (JSON.stringify(await items(primary.graph)) === '[1,2,10]' ? true : undefined))
      const status = primary.replicator.status()
      assert.equal(status.discardedEntries, 2)
      assert.equal(status.epoch, 2)
      assert.equal(status.walPosition, 3)
      assert.deepEqual(await items(standby.graph), [1, 2, 10])

      // And it goes on following.
      await standby.replicator.propose(create(11))
      await until('the follower to apply 11', async () => ((await items(primary.graph)).includes(11) ? true : undefined))
    } finally {
      await pair.close()
    }
  })

  it('a standby that was only behind catches up without discarding anything', async () => {
    const pair = await startInProcessPair({ NORNICDB_CLUSTER_HA_SYNC_MODE: 'async', NORNICDB_CLUSTER_HA_AUTO_FAILOVER: 'false' })
    try {
      const { primary, standby } = pair
      await untilPrimaryTakesWrites(pair)
      for (const proxy of pair.proxies) proxy.cut()
      for (let n = 1; n <= 30; n++) await primary.replicator.propose(create(n))
      for (const proxy of pair.proxies) proxy.heal()
      await until('the standby to catch up', () => (standby.replicator.status().appliedIndex === 30 ? true : undefined))
      assert.equal((await items(standby.graph)).length, 30)
      assert.equal(standby.replicator.status().discardedEntries, 0)
      assert.deepEqual(standby.replicator.status().lag, { entries: 0, seconds: 0 })
    } finally {
      await pair.close()
    }
  })

  it('a standby further behind than the primary keeps its WAL catches up from a snapshot', async () => {
    const pair = await startInProcessPair({ NORNICDB_CLUSTER_HA_SYNC_MODE: 'async', NORNICDB_CLUSTER_HA_AUTO_FAILOVER: 'false' }, 5)
    try {
      const { primary, standby } = pair
      await untilPrimaryTakesWrites(pair)
      await primary.replicator.propose(create(1))
      await until('the standby to apply 1', () => (standby.replicator.status().appliedIndex === 1 ? true : undefined))
      for (const proxy of pair.proxies) proxy.cut()
      for (let n = 2; n <= 40; n++) await primary.replicator.propose(create(n))
      for (const proxy of pair.proxies) proxy.heal()
      await until('the standby to catch up', () => (standby.replicator.status().walPosition === 40 ? true : undefined))
      assert.equal((await items(standby.graph)).length, 40)
      await primary.replicator.propose(create(41))
      await until('the standby to apply 41', async () => ((await items(standby.graph)).includes(41) ? true : undefined))
    } finally {
      await pair.close()
    }
  })
})
