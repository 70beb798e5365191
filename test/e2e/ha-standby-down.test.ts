import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { call } from './support/http.js'
import { HaPair, health, waitForItems, waitForRole, writeItem, type SyncMode } from './support/ha-pair.js'
import { stopAllNodes } from './support/nornic-process.js'
import { waitFor } from './support/wait-for.js'

after(stopAllNodes)

// Issue: standby unreachable → async goes on; semi_sync degrades to async after HA_SYNC_TIMEOUT (warning,
// metric, status flag) and comes back once the standby caught up; sync and quorum fail writes with a
// retryable error. A guarantee is never dropped silently.
describe('hot standby with the standby down', () => {
  for (const syncMode of ['async', 'semi_sync', 'sync', 'quorum'] as const satisfies readonly SyncMode[]) {
    it(`${syncMode}: behaves as the sync mode promises, and recovers when the standby is back`, async () => {
      const pair = await HaPair.start({ syncMode })
      try {
        assert.equal((await writeItem(pair.node1, 1)).status, 200)
        await waitForItems(pair.node2, [1])
        await pair.node2.kill('SIGKILL')
        // A write that raced the loss of the link would be applied and then time out (OutcomeUnknown); once
        // the primary knows the standby is gone, sync and quorum refuse before applying anything.
        await waitFor('the primary to see the standby gone', async () => ((await health(pair.node1)).peers[0].healthy === false ? true : undefined))

        const answer = await writeItem(pair.node1, 2)
        const written = [1]
        if (syncMode === 'sync' || syncMode === 'quorum') {
          assert.equal(answer.status, 503)
          assert.equal(answer.code, 'Nornic.Cluster.StandbyUnavailable')
          assert.match(answer.message ?? '', /did not write/)
        } else {
          assert.equal(answer.status, 200)
          written.push(2)
          assert.equal((await writeItem(pair.node1, 3)).status, 200)
          written.push(3)
        }
        const degraded = await health(pair.node1)
        assert.equal(degraded.degraded, syncMode === 'semi_sync')
        if (syncMode === 'semi_sync') {
          assert.match(pair.node1.output.join(''), /degraded from semi_sync to async/)
          assert.match((await call(pair.node1.httpUrl, '/metrics', { auth: null })).text, /^nornicdb_replication_degraded 1$/m)
        }

        const standby = await pair.restart('node-2')
        await waitForRole(standby, 'standby')
        await waitForItems(standby, written)
        await waitFor('the primary to leave degraded mode', async () => ((await health(pair.node1)).degraded === false ? true : undefined))
        assert.equal((await writeItem(pair.node1, 4)).status, 200)
        await waitForItems(standby, [...written, 4])
      } finally {
        await pair.close()
      }
    })
  }
})
