import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { call } from './support/http.js'
import { stopAllNodes } from './support/nornic-process.js'
import { acknowledged, keysOn, RaftCluster, writeKey } from './support/raft-cluster.js'
import { waitFor } from './support/wait-for.js'

// Clustering guide, "Mode 2: Raft Consensus": a majority decides. Without one, writes fail with
// a clear retryable error; with one back, the cluster takes writes again.
describe('raft mode: quorum', () => {
  after(stopAllNodes)

  it('fails writes clearly while the quorum is lost and recovers when it returns', async () => {
    const cluster = await RaftCluster.start({ env: { NORNICDB_CLUSTER_WRITE_TIMEOUT: '1s' } })
    const leader = await cluster.leader()
    assert.ok(acknowledged(await writeKey(leader, 1)))
    const followers = cluster.members.filter((member) => member.id !== leader.id)
    await Promise.all(followers.map((member) => member.node.kill('SIGKILL')))
    const refused = await waitFor('a write to fail as retryable', async () => {
      const answer = await writeKey(leader, 2)
      return answer.status === 503 ? answer : undefined
    })
    assert.match(refused.json.errors[0].code, /^(Neo\.TransientError\.Cluster\.NoLeader|Nornic\.Cluster\.OutcomeUnknown)$/)
    const fresh = await writeKey(leader, 3)
    assert.equal(fresh.status, 503, fresh.text)
    assert.equal(fresh.json.errors[0].code, 'Neo.TransientError.Cluster.NoLeader')
    assert.match(fresh.json.errors[0].message, /NORNICDB_CLUSTER_WRITE_TIMEOUT/)
    assert.equal((await call(leader.node.httpUrl, '/health/ready')).status, 503)

    followers[0]!.node = await followers[0]!.node.restart()
    await cluster.leader(cluster.live())
    assert.ok(acknowledged(await writeKey(leader, 4)))
    const keys = await keysOn(leader, 'QUORUM')
    assert.ok(keys.includes(1n) && keys.includes(4n) && !keys.includes(3n), keys.join(','))
  })

  it('replaces a frozen leader (SIGSTOP); a write forwarded to it ends when the new leader is known; after SIGCONT the old leader steps down', async () => {
    // A write timeout far beyond the test's own bounds: the forwarded write must end because a new
    // leader was elected, not because it timed out.
    const cluster = await RaftCluster.start({ env: { NORNICDB_CLUSTER_WRITE_TIMEOUT: '10m' } })
    const leader = await cluster.leader()
    process.kill(leader.node.pid, 'SIGSTOP')
    try {
      const others = cluster.members.filter((member) => member !== leader)
      const stranded = writeKey(others[0]!, 6)
      const next = await cluster.leader(others)
      assert.notEqual(next.id, leader.id)
      const answer = await stranded
      assert.equal(answer.status, 503, answer.text)
      assert.equal(answer.json.errors[0].code, 'Nornic.Cluster.OutcomeUnknown')
      assert.match(answer.json.errors[0].message, new RegExp(`leader ${leader.id} was replaced by ${next.id}`))
      assert.ok(acknowledged(await writeKey(others[0]!, 7)))
    } finally {
      process.kill(leader.node.pid, 'SIGCONT')
    }
    await waitFor('the old leader to follow', async () => {
      const state = await call(leader.node.httpUrl, '/admin/raft/state')
      return state.json.role === 'follower' && state.json.leader !== leader.id ? true : undefined
    })
    await waitFor('the old leader to catch up', async () => ((await keysOn(leader, 'ONE')).includes(7n) ? true : undefined))
  })

  it('a 5-node cluster survives two failures', async () => {
    const cluster = await RaftCluster.start({ size: 5 })
    const leader = await cluster.leader()
    const victims = [leader, cluster.members.find((member) => member !== leader)!]
    await Promise.all(victims.map((member) => member.node.kill('SIGKILL')))
    const survivors = cluster.live()
    assert.equal(survivors.length, 3)
    await cluster.leader(survivors)
    for (let k = 0; k < 5; k++) assert.ok(acknowledged(await writeKey(survivors[k % 3]!, k)))
    for (const member of survivors) assert.deepEqual(await keysOn(member, 'QUORUM'), [0n, 1n, 2n, 3n, 4n])
  })
})
