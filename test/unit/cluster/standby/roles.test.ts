import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { create, items, startInProcessPair, until, untilPrimaryTakesWrites, writeReplicated } from './ha-pair.js'

describe('hot standby roles', () => {
  it('two new nodes both configured primary: neither takes writes, even after the failover timeout', async () => {
    const pair = await startInProcessPair({ NORNICDB_CLUSTER_HA_SYNC_MODE: 'async', NORNICDB_CLUSTER_HA_FAILOVER_TIMEOUT: '200ms' }, undefined, ['primary', 'primary'])
    try {
      const { primary: first, standby: second } = pair
      await until('both to hear each other', () => (first.replicator.status().peers[0]?.id === 'node-2' && second.replicator.status().peers[0]?.id === 'node-1' ? true : undefined))
      // Three failover timeouts: no node may have started taking writes on its own.
      const until600ms = Date.now() + 600
      await until('600 ms to pass', () => (Date.now() >= until600ms ? true : undefined))
      for (const node of [first, second]) {
        assert.equal(node.replicator.status().isLeader, false)
        await assert.rejects(node.replicator.propose(create(1)), { code: 'Neo.TransientError.General.DatabaseUnavailable' })
      }
    } finally {
      await pair.close()
    }
  })

  it('a primary that hears from its standby takes writes; the standby refuses them naming it', async () => {
    const pair = await startInProcessPair({ NORNICDB_CLUSTER_HA_SYNC_MODE: 'quorum' })
    try {
      await untilPrimaryTakesWrites(pair)
      await pair.primary.replicator.propose(create(1))
      assert.equal(pair.standby.replicator.status().appliedIndex, 1)
      await assert.rejects(pair.standby.replicator.propose(create(2)), (error: { code: string; message: string }) => {
        assert.equal(error.code, 'Neo.ClientError.Cluster.NotALeader')
        assert.match(error.message, /^node-2 is the standby; write to primary node-1 at http:\/\/127\.0\.0\.1:7474$/)
        return true
      })
    } finally {
      await pair.close()
    }
  })

  it('a promoted standby says primary only once it can take writes: a write sent the moment it does is acknowledged (semi_sync)', async () => {
    const pair = await startInProcessPair({ NORNICDB_CLUSTER_HA_SYNC_MODE: 'semi_sync', NORNICDB_CLUSTER_HA_AUTO_FAILOVER: 'false', NORNICDB_CLUSTER_HA_SYNC_TIMEOUT: '500ms' })
    try {
      const { standby } = pair
      await untilPrimaryTakesWrites(pair)
      await writeReplicated(pair, 1)
      for (const proxy of pair.proxies) proxy.cut()

      const promotion = standby.replicator.promote({ force: true })
      // Looks at every turn of the event loop, and writes in the same turn the role says primary.
      const deadline = Date.now() + 10_000
      while (standby.replicator.status().role !== 'primary') {
        assert.ok(Date.now() < deadline, 'the standby never said primary')
        await new Promise((resolve) => setImmediate(resolve))
      }
      await standby.replicator.propose(create(2))
      assert.equal((await promotion).promoted, true)
      assert.deepEqual(await items(standby.graph), [1, 2])
    } finally {
      await pair.close()
    }
  })
})
