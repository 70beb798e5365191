import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { execa } from 'execa'
import { call, cypher } from './support/http.js'
import { stopAllNodes } from './support/nornic-process.js'
import { acknowledged, keysOn, RaftCluster, writeKey } from './support/raft-cluster.js'
import { waitFor } from './support/wait-for.js'

// Clustering guide, "Mode 2: Raft Consensus": the compose file's three nodes form one cluster,
// any node takes writes, and every node ends with the same data.
describe('raft mode: the guide\'s 3-node cluster', () => {
  let cluster: RaftCluster

  before(async () => {
    cluster = await RaftCluster.start()
  })
  after(stopAllNodes)

  it('forms with one leader that every node names, and /health carries the replication block', async () => {
    const leader = await cluster.leader()
    for (const member of cluster.members) {
      const health = await call(member.node.httpUrl, '/health')
      assert.equal(health.status, 200)
      assert.equal(health.json.replication.mode, 'raft')
      assert.equal(health.json.replication.node_id, member.id)
      assert.equal(health.json.replication.is_leader, member.id === leader.id)
      assert.equal(health.json.replication.peers.length, 2)
    }
    const status = await call(leader.node.httpUrl, '/admin/cluster/status')
    assert.equal(status.status, 200)
    assert.equal(status.json.leader.id, leader.id)
    const voters = status.json.members.filter((member: { voter?: boolean }) => member.voter === true)
    assert.equal(voters.length, 2, status.text)
  })

  it('takes a write through a follower and shows it on every node; bigints stay exact', async () => {
    const leader = await cluster.leader()
    const follower = cluster.members.find((member) => member.id !== leader.id)!
    const answer = await writeKey(follower, 9007199254740993n)
    assert.ok(acknowledged(answer), answer.text)
    assert.equal(answer.json.results[0].stats?.nodes_created ?? 1, 1)
    for (const member of cluster.members) {
      assert.deepEqual(await keysOn(member, 'QUORUM'), [9007199254740993n], `QUORUM read on ${member.id}`)
    }
    await waitFor('every node to apply the write locally', async () => {
      for (const member of cluster.members) if ((await keysOn(member, 'ONE')).length !== 1) return undefined
      return true
    })
  })

  it('answers a follower\'s write with the leader\'s result rows', async () => {
    const leader = await cluster.leader()
    const follower = cluster.members.find((member) => member.id !== leader.id)!
    const answer = await cypher(follower.node.httpUrl, [{ statement: 'CREATE (n:R {v: $v}) RETURN n.v AS v, labels(n) AS l', parameters: '{"v": 42}' }])
    assert.ok(acknowledged(answer), answer.text)
    assert.deepEqual(answer.json.results[0].data[0].row, [42n, ['R']])
  })

  it('exposes the guide\'s raft metrics, passing promtool check metrics', async () => {
    const leader = await cluster.leader()
    const answer = await call(leader.node.httpUrl, '/metrics', { auth: null })
    assert.equal(answer.status, 200)
    for (const line of ['nornicdb_replication_mode{mode="raft"} 1', 'nornicdb_replication_is_leader 1']) assert.ok(answer.text.includes(line), `has ${line}`)
    assert.match(answer.text, /^nornicdb_raft_term [1-9]\d*$/m)
    assert.match(answer.text, /^nornicdb_cluster_leader_changes_total [1-9]\d*$/m)
    assert.match(answer.text, /^nornicdb_raft_commit_latency_seconds_count [1-9]\d*$/m)
    assert.match(answer.text, /^nornicdb_raft_log_fsync_duration_seconds_count [1-9]\d*$/m)
    assert.match(answer.text, /^nornicdb_replication_peer_healthy\{peer="node-\d"\} 1$/m)
    assert.match(answer.text, /^nornicdb_peer_healthy\{peer="node-\d"\} 1$/m)
    assert.match(answer.text, /^nornicdb_wal_position [1-9]\d*$/m)
    assert.match(answer.text, /^nornicdb_replication_bytes_total [1-9]\d*$/m)
    const check = await execa('promtool', ['check', 'metrics'], { input: answer.text, reject: false })
    assert.equal(check.exitCode, 0, `promtool check metrics: ${check.stdout}${check.stderr}`)
  })

  it('refuses admin endpoints without credentials', async () => {
    const answer = await call(cluster.members[0]!.node.httpUrl, '/admin/raft/state', { auth: null })
    assert.equal(answer.status, 401)
  })
})
