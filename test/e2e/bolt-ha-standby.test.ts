import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import neo4j, { type Driver } from 'neo4j-driver'
import { HaPair } from './support/ha-pair.js'
import { stopAllNodes } from './support/nornic-process.js'

// Issue 9 on a hot-standby pair, the parts a single node's Bolt server decides: writes go through the
// replicator (so the standby refuses them with NotALeader), and a bookmark from the primary makes a
// read on the standby wait until the standby has applied that write.
describe('Bolt on a hot-standby pair', () => {
  let pair: HaPair
  let primary: Driver
  let standby: Driver
  before(async () => {
    pair = await HaPair.start({ syncMode: 'async' })
    const auth = neo4j.auth.basic('admin', 'admin')
    primary = neo4j.driver(`bolt://127.0.0.1:${pair.node1.ports.bolt}`, auth)
    standby = neo4j.driver(`bolt://127.0.0.1:${pair.node2.ports.bolt}`, auth)
  })
  after(async () => {
    await primary?.close()
    await standby?.close()
    await pair?.close()
    await stopAllNodes()
  })

  it('a write on the standby fails with Neo.ClientError.Cluster.NotALeader naming the primary', async () => {
    const session = standby.session()
    try {
      await assert.rejects(session.run('CREATE (:Refused)'), (error: { code: string; message: string }) => {
        assert.equal(error.code, 'Neo.ClientError.Cluster.NotALeader')
        assert.match(error.message, /write to primary node-1/)
        return true
      })
    } finally {
      await session.close()
    }
  })

  it('a write in an explicit transaction on the standby fails with NotALeader, and nothing is written', async () => {
    const session = standby.session()
    try {
      const tx = await session.beginTransaction()
      await assert.rejects(tx.run('CREATE (:RefusedInTx) RETURN 1'), { code: 'Neo.ClientError.Cluster.NotALeader' })
    } finally {
      await session.close()
    }
    const count = await primary.executeQuery('MATCH (n:RefusedInTx) RETURN count(n) AS c')
    assert.equal(count.records[0]!.get('c').toNumber(), 0)
  })

  it("the primary's bookmark gives read-your-writes on the standby", async () => {
    // With the link cut the standby cannot have the writes (async mode answers without it), so a read
    // that did not wait for its bookmark would count none. The cut is kept well under the failover timeout.
    pair.cutLink()
    const writer = primary.session()
    for (let i = 0; i < 20; i++) await writer.run('CREATE (:Seen {i: $i})', { i })
    const bookmarks = writer.lastBookmarks()
    await writer.close()
    const reader = standby.session({ bookmarks, defaultAccessMode: neo4j.session.READ })
    try {
      const counted = reader.run('MATCH (n:Seen) RETURN count(n) AS c')
      pair.healLink()
      const count = await counted
      assert.equal(count.records[0]!.get('c').toNumber(), 20)
    } finally {
      await reader.close()
    }
  })
})
