import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { HaPair, health, itemNumbers, waitForItems, waitForRole, writeItem } from './support/ha-pair.js'
import type { NornicNode } from './support/nornic-process.js'
import { stopAllNodes } from './support/nornic-process.js'
import { waitFor } from './support/wait-for.js'

after(stopAllNodes)

/** Writes to `node` without pause until stopped, numbering from `base`; records what it acknowledged. */
function writeUntilStopped(node: () => NornicNode, base: number): { acknowledged: number[]; stop: () => Promise<void> } {
  const acknowledged: number[] = []
  let running = true
  const loop = (async () => {
    for (let n = base; running; n++) {
      const answer = await writeItem(node(), n).catch(() => ({ status: 0 }))
      if (answer.status === 200) acknowledged.push(n)
      else await new Promise((resolve) => setTimeout(resolve, 20))
    }
  })()
  return { acknowledged, stop: async () => { running = false; await loop } }
}

// Issue: the link between the two cut while both live. In sync and quorum no write is acknowledged by
// both sides: the old primary cannot get the standby's confirmation, the promoted standby has no standby
// to confirm its own, and after the link heals one primary remains with every acknowledged write.
describe('hot standby with the link cut while both nodes live', () => {
  for (const syncMode of ['sync', 'quorum'] as const) {
    it(`${syncMode}: neither side acknowledges a write while cut off; afterwards one primary holds every acknowledged write`, async () => {
      const pair = await HaPair.start({ syncMode })
      try {
        for (const n of [1, 2, 3]) assert.equal((await writeItem(pair.node1, n)).status, 200)
        await waitForItems(pair.node2, [1, 2, 3])

        pair.cutLink()
        const toOld = writeUntilStopped(() => pair.node1, 1000)
        const toNew = writeUntilStopped(() => pair.node2, 2000)
        await waitForRole(pair.node2, 'primary')
        // Both sides keep trying for a while after the promotion.
        const until = Date.now() + 1500
        await waitFor('the cut to last 1.5 s', async () => (Date.now() >= until ? true : undefined), 5_000)
        const ackedWhileCut = { old: [...toOld.acknowledged], new: [...toNew.acknowledged] }
        assert.deepEqual(ackedWhileCut, { old: [], new: [] }, 'a write was acknowledged by a node cut off from its peer')

        pair.healLink()
        await waitForRole(pair.node1, 'standby')
        await waitFor('the new primary to take writes again', async () => (toNew.acknowledged.length > 0 ? true : undefined))
        await toOld.stop()
        await toNew.stop()

        const primary = await health(pair.node2)
        assert.equal(primary.role, 'primary')
        assert.equal(primary.epoch, 2n)
        assert.deepEqual(toOld.acknowledged, [], 'the old primary acknowledged a write after the cut')
        const held = await itemNumbers(pair.node2)
        for (const n of [1, 2, 3, ...toNew.acknowledged]) assert.ok(held.includes(n), `acknowledged write ${n} is missing on the primary`)
        await waitForItems(pair.node1, held)
        const discarded = (await health(pair.node1)).discarded_entries
        if (discarded > 0n) assert.match(pair.node1.output.join(''), /discarded \d+ WAL entries/)
        console.log(`${syncMode}: the old primary discarded ${discarded} unacknowledged entries`)
      } finally {
        await pair.close()
      }
    })
  }
})
