import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { call } from './support/http.js'
import { stopAllNodes } from './support/nornic-process.js'
import { acknowledged, keysOn, RaftCluster, writeKey } from './support/raft-cluster.js'
import { waitFor } from './support/wait-for.js'

function post(url: string, path: string, body: unknown = {}) {
  return call(url, path, { method: 'POST', body: JSON.stringify(body) })
}

// Clustering guide, "Cluster Management" admin endpoints: leader-only operations run on the leader
// whichever node is asked, and the answer names the node that did the work.
describe('raft mode: admin operations', () => {
  let cluster: RaftCluster

  before(async () => {
    cluster = await RaftCluster.start({ env: { NORNICDB_CLUSTER_RAFT_SNAPSHOT_THRESHOLD: '1000', NORNICDB_CLUSTER_RAFT_TRAILING_LOGS: '0' } })
  })
  after(stopAllNodes)

  it('moves leadership to a named node when a follower is asked', async () => {
    const leader = await cluster.leader()
    const others = cluster.members.filter((member) => member.id !== leader.id)
    const [asked, target] = [others[0]!, others[1]!]
    const answer = await post(asked.node.httpUrl, '/admin/raft/transfer-leadership', { target: target.id })
    assert.equal(answer.status, 200, answer.text)
    assert.equal(answer.json.node_id, leader.id)
    assert.equal(answer.json.leader, target.id)
    assert.equal((await cluster.leader()).id, target.id)
    assert.ok(acknowledged(await writeKey(leader, 1)))
  })

  it('steps down to the most caught-up voter', async () => {
    const leader = await cluster.leader()
    const answer = await post(leader.node.httpUrl, '/admin/raft/step-down')
    assert.equal(answer.status, 200, answer.text)
    assert.notEqual(answer.json.leader, leader.id)
    assert.notEqual((await cluster.leader()).id, leader.id)
  })

  it('adds node-4 after the log was compacted (it catches up by snapshot), then removes it', async () => {
    for (let k = 10; k < 40; k++) assert.ok(acknowledged(await writeKey(cluster.members[k % 3]!, k)))
    const leader = await cluster.leader()
    const snapshot = await post(leader.node.httpUrl, '/admin/raft/snapshot')
    assert.equal(snapshot.status, 200, snapshot.text)
    assert.ok(snapshot.json.index > 30, snapshot.text)
    const state = await call(leader.node.httpUrl, '/admin/raft/state')
    assert.ok(state.json.first_index > 1, `the leader's log is compacted: ${state.text}`)

    const originals = [...cluster.members]
    const joiner = await cluster.spawnJoiner('node-4', originals)
    const follower = originals.find((member) => member.id !== leader.id)!
    const added = await post(follower.node.httpUrl, '/admin/cluster/add', { node_id: 'node-4', address: `127.0.0.1:${joiner.clusterPort}` })
    assert.equal(added.status, 200, added.text)
    assert.equal(added.json.node_id, leader.id)
    assert.equal(added.json.voter, true)
    await joiner.node.waitReady()
    const expected = await keysOn(leader, 'QUORUM')
    assert.deepEqual(await keysOn(joiner, 'QUORUM'), expected)
    const joinerState = await call(joiner.node.httpUrl, '/admin/raft/state')
    assert.ok(joinerState.json.snapshot_index > 0, `node-4 holds the leader's snapshot: ${joinerState.text}`)
    const status = await call(leader.node.httpUrl, '/admin/cluster/status')
    assert.equal(status.json.members.find((member: { id: string }) => member.id === 'node-4')?.voter, true, status.text)

    const removed = await post(follower.node.httpUrl, '/admin/cluster/remove', { node_id: 'node-4' })
    assert.equal(removed.status, 200, removed.text)
    const voters = (await call(leader.node.httpUrl, '/admin/raft/state')).json.voters
    assert.deepEqual(voters, ['node-1', 'node-2', 'node-3'])
    const again = await post(follower.node.httpUrl, '/admin/cluster/remove', { node_id: 'node-4' })
    assert.equal(again.status, 200, again.text)
    assert.equal(again.json.changed, false)
    await joiner.node.kill('SIGKILL')
    cluster.members.splice(cluster.members.indexOf(joiner), 1)
  })

  it('refuses to remove a voter when the rest would lack a healthy quorum, naming the unhealthy member', async () => {
    const leader = await cluster.leader()
    const [down, target] = cluster.members.filter((member) => member.id !== leader.id)
    await down!.node.kill('SIGKILL')
    await waitFor('the leader to see the member down', async () => {
      const status = await call(leader.node.httpUrl, '/admin/cluster/status')
      return status.json.members.find((member: { id: string }) => member.id === down!.id)?.healthy === false ? true : undefined
    })
    const refused = await post(leader.node.httpUrl, '/admin/cluster/remove', { node_id: target!.id })
    assert.equal(refused.status, 409, refused.text)
    assert.equal(refused.json.errors[0].code, 'Nornic.Cluster.RemoveWouldLoseQuorum')
    assert.match(refused.json.errors[0].message, new RegExp(down!.id))
    down!.node = await down!.node.restart()
  })

  it('hands leadership over on SIGTERM of the leader, so the others need no election', async () => {
    const leader = await cluster.leader()
    const result = await leader.node.kill('SIGTERM')
    assert.equal(result.exitCode, 0)
    assert.match(leader.node.output.join(''), /handed leadership to/)
    const survivors = cluster.live()
    const next = await cluster.leader(survivors)
    assert.notEqual(next.id, leader.id)
    assert.ok(acknowledged(await writeKey(survivors[0]!, 500)))
  })
})
