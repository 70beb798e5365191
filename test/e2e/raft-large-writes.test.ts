import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { cypher } from './support/http.js'
import { stopAllNodes } from './support/nornic-process.js'
import { acknowledged, RaftCluster } from './support/raft-cluster.js'
import { waitFor } from './support/wait-for.js'

const FRAME_BYTES = 256 * 1024
const PAYLOAD_CHARS = 60_000
const WRITES = 8

// A leader folds a round's writes into one append per follower; with large writes that append
// must still fit the cluster port's frame limit, or the follower never gets them. A write too
// large for any frame is refused before it is logged: logged, it would stop replication.
describe('raft mode: large writes under a small frame limit', () => {
  let cluster: RaftCluster

  before(async () => {
    cluster = await RaftCluster.start({ env: { NORNICDB_CLUSTER_MAX_FRAME_SIZE: String(FRAME_BYTES) } })
  })
  after(stopAllNodes)

  it(`catches a restarted follower up on ${WRITES} writes of ${PAYLOAD_CHARS} characters, an append at a time within the frame`, async () => {
    const leader = await cluster.leader()
    const follower = cluster.members.find((member) => member.id !== leader.id)!
    await follower.node.kill('SIGKILL')
    // Together the writes are several frames; catching up, the follower is sent at most 64 entries an append.
    const payload = JSON.stringify('x'.repeat(PAYLOAD_CHARS))
    for (let i = 0; i < WRITES; i++) {
      const answer = await cypher(leader.node.httpUrl, [{ statement: 'CREATE (n:Big {i: $i, payload: $payload})', parameters: `{"i": ${i}, "payload": ${payload}}` }])
      assert.ok(acknowledged(answer), answer.text.slice(0, 500))
    }
    follower.node = await follower.node.restart()
    await waitFor(`${follower.id} to apply every large write`, async () => {
      const answer = await cypher(follower.node.httpUrl, [{ statement: 'MATCH (n:Big) RETURN count(n) AS c, sum(size(n.payload)) AS chars' }], { headers: { 'X-Nornic-Consistency': 'ONE' } })
      const row = answer.json?.results?.[0]?.data?.[0]?.row
      return row?.[0] === BigInt(WRITES) && row?.[1] === BigInt(WRITES * PAYLOAD_CHARS) ? true : undefined
    })
  })

  it('refuses a write no frame can carry with EntityTooLarge, logs nothing, and goes on taking writes', async () => {
    const leader = await cluster.leader()
    const follower = cluster.members.find((member) => member.id !== leader.id)!
    const huge = JSON.stringify('y'.repeat(FRAME_BYTES / 2))
    for (const member of [leader, follower]) {
      const answer = await cypher(member.node.httpUrl, [{ statement: 'CREATE (n:Huge {payload: $payload})', parameters: `{"payload": ${huge}}` }])
      assert.equal(answer.status, 413, answer.text.slice(0, 500))
      assert.equal(answer.json.errors[0].code, 'Neo.ClientError.Request.EntityTooLarge')
      assert.match(answer.json.errors[0].message, /NORNICDB_CLUSTER_MAX_FRAME_SIZE/)
    }
    const small = await cypher(follower.node.httpUrl, [{ statement: 'CREATE (n:Huge {payload: "small"})' }])
    assert.ok(acknowledged(small), small.text)
    for (const member of cluster.members) {
      const answer = await cypher(member.node.httpUrl, [{ statement: 'MATCH (n:Huge) RETURN collect(n.payload) AS p' }])
      assert.deepEqual(answer.json.results[0].data[0].row, [['small']], `${member.id} holds the small write only`)
    }
  })
})
