import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { call } from './support/http.js'
import { HaPair, health, waitForItems, waitForRole, writeItem } from './support/ha-pair.js'
import { stopAllNodes } from './support/nornic-process.js'

after(stopAllNodes)

const NO_AUTO_FAILOVER = { NORNICDB_CLUSTER_HA_AUTO_FAILOVER: 'false' }

// Guide, "Hot Standby Failover", manual: `curl -X POST http://standby:7474/admin/promote`.
describe('POST /admin/promote', () => {
  it('with the primary reachable: fences it first, then promotes; the old primary refuses writes and follows', async () => {
    const pair = await HaPair.start({ syncMode: 'semi_sync', env: NO_AUTO_FAILOVER })
    try {
      for (const n of [1, 2, 3]) assert.equal((await writeItem(pair.node1, n)).status, 200)
      await waitForItems(pair.node2, [1, 2, 3])

      const promoted = await call(pair.node2.httpUrl, '/admin/promote', { body: '{}' })
      assert.equal(promoted.status, 200, promoted.text)
      assert.deepEqual({ promoted: promoted.json.promoted, fenced: promoted.json.fenced, epoch: promoted.json.epoch, role: promoted.json.role }, { promoted: true, fenced: true, epoch: 2n, role: 'primary' })

      const refused = await writeItem(pair.node1, 4)
      assert.equal(refused.code, 'Neo.ClientError.Cluster.NotALeader')
      await waitForRole(pair.node1, 'standby')
      assert.equal((await writeItem(pair.node2, 5)).status, 200)
      await waitForItems(pair.node1, [1, 2, 3, 5])
      assert.equal((await health(pair.node1)).epoch, 2n)

      const again = await call(pair.node2.httpUrl, '/admin/promote', { body: '{}' })
      assert.equal(again.status, 200)
      assert.equal(again.json.promoted, false)
      assert.match(again.json.message, /already the primary/)
    } finally {
      await pair.close()
    }
  })

  it('with the primary unreachable: refuses without force (split brain), promotes with {"force": true}', async () => {
    const pair = await HaPair.start({ syncMode: 'semi_sync', env: NO_AUTO_FAILOVER })
    try {
      assert.equal((await writeItem(pair.node1, 1)).status, 200)
      await waitForItems(pair.node2, [1])
      pair.cutLink()
      await pair.node1.kill('SIGKILL')

      const refused = await call(pair.node2.httpUrl, '/admin/promote', { body: '{}' })
      assert.equal(refused.status, 409)
      assert.equal(refused.json.errors[0].code, 'Nornic.Cluster.PromoteNeedsForce')
      assert.match(refused.json.errors[0].message, /split brain/)
      assert.equal((await health(pair.node2)).role, 'standby')

      const forced = await call(pair.node2.httpUrl, '/admin/promote', { body: '{"force": true}' })
      assert.equal(forced.status, 200, forced.text)
      assert.deepEqual({ promoted: forced.json.promoted, fenced: forced.json.fenced, epoch: forced.json.epoch }, { promoted: true, fenced: false, epoch: 2n })
      assert.match(forced.json.message, /split brain/)
      assert.equal((await writeItem(pair.node2, 2)).status, 200)
      assert.match(pair.node2.output.join(''), /WITHOUT fencing/)
    } finally {
      await pair.close()
    }
  })

  it('a bad body is refused', async () => {
    const pair = await HaPair.start({ syncMode: 'async', env: NO_AUTO_FAILOVER })
    try {
      const answer = await call(pair.node2.httpUrl, '/admin/promote', { body: '{"force": "yes"}' })
      assert.equal(answer.status, 400)
      assert.equal((await health(pair.node2)).role, 'standby')
    } finally {
      await pair.close()
    }
  })
})
