import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { call } from './support/http.js'
import { HaPair, health, itemNumbers, waitForItems, writeItem, type SyncMode } from './support/ha-pair.js'
import { stopAllNodes } from './support/nornic-process.js'

after(stopAllNodes)

// Clustering guide, "Mode 1: Hot Standby": the primary streams its WAL, the standby applies it in order
// and refuses writes, naming the primary; each sync mode decides when the client is answered.
describe('hot standby replication', () => {
  for (const syncMode of ['async', 'semi_sync', 'sync', 'quorum'] as const satisfies readonly SyncMode[]) {
    it(`${syncMode}: writes on the primary reach the standby in order, and the standby refuses writes naming the primary`, async () => {
      const pair = await HaPair.start({ syncMode })
      try {
        const written = [1, 2, 3, 4, 5, 6, 7, 8]
        // Overlapping writes: the primary numbers them one after the other all the same.
        const answers = await Promise.all(written.map((n) => writeItem(pair.node1, n)))
        assert.deepEqual(answers.map((answer) => answer.status), written.map(() => 200))
        if (syncMode === 'quorum') {
          // quorum answers once the standby applied: no waiting needed.
          assert.deepEqual(await itemNumbers(pair.node2), written)
        }
        await waitForItems(pair.node2, written)

        const refused = await writeItem(pair.node2, 99)
        assert.equal(refused.status, 409)
        assert.equal(refused.code, 'Neo.ClientError.Cluster.NotALeader')
        assert.match(refused.message ?? '', new RegExp(`node-2 is the standby; write to primary node-1 at ${pair.node1.httpUrl}`))

        const primary = await health(pair.node1)
        const standby = await health(pair.node2)
        assert.equal(primary.role, 'primary')
        assert.equal(standby.role, 'standby')
        assert.equal(primary.epoch, 1n)
        assert.equal(standby.epoch, 1n)
        assert.equal(primary.wal_position, 8n)
        assert.equal(standby.wal_position, 8n)
        assert.equal(standby.peers[0].id, 'node-1')
        assert.equal(standby.peers[0].healthy, true)
        assert.equal(primary.degraded, false)
      } finally {
        await pair.close()
      }
    })
  }

  it('admin endpoints and metrics show role, epoch, WAL position and lag; admin needs credentials', async () => {
    const pair = await HaPair.start({ syncMode: 'semi_sync' })
    try {
      for (const n of [1, 2, 3]) assert.equal((await writeItem(pair.node1, n)).status, 200)
      await waitForItems(pair.node2, [1, 2, 3])

      const status = await call(pair.node2.httpUrl, '/admin/cluster/status')
      assert.equal(status.status, 200)
      assert.equal(status.json.mode, 'ha_standby')
      assert.equal(status.json.role, 'standby')
      assert.equal(status.json.leader.id, 'node-1')
      assert.deepEqual(status.json.members.map((member: { id: string }) => member.id), ['node-2', 'node-1'])

      const position = await call(pair.node1.httpUrl, '/admin/wal/position')
      assert.deepEqual({ role: position.json.role, epoch: position.json.epoch, wal: position.json.wal_position }, { role: 'primary', epoch: 1n, wal: 3n })
      const lag = await call(pair.node2.httpUrl, '/admin/replication/lag')
      assert.equal(lag.json.lag_entries, 0n)

      assert.equal((await call(pair.node1.httpUrl, '/admin/cluster/status', { auth: null })).status, 401)
      assert.equal((await call(pair.node1.httpUrl, '/admin/promote', { body: '{}', auth: 'admin:wrong' })).status, 401)

      const metrics = (await call(pair.node2.httpUrl, '/metrics', { auth: null })).text
      assert.match(metrics, /^nornicdb_wal_position 3$/m)
      assert.match(metrics, /^nornicdb_replication_peer_healthy\{peer="node-1"\} 1$/m)
      assert.match(metrics, /^nornicdb_peer_healthy\{peer="node-1"\} 1$/m)
      assert.match(metrics, /^nornicdb_replication_lag_seconds 0$/m)
      assert.match(metrics, /^nornicdb_replication_bytes_total [1-9]\d*$/m)
      assert.match(metrics, /^nornicdb_replication_degraded 0$/m)
      assert.match(metrics, /^nornicdb_replication_epoch 1$/m)
    } finally {
      await pair.close()
    }
  })
})
