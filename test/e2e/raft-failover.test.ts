import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { call } from './support/http.js'
import { stopAllNodes } from './support/nornic-process.js'
import { acknowledged, keysOn, RaftCluster, writeKey, type RaftMember } from './support/raft-cluster.js'
import { waitFor } from './support/wait-for.js'

/** Writes keys from `first` on, one at a time, through whichever live member answers; returns the acknowledged ones. */
async function writeWhile(members: () => RaftMember[], first: number, count: number): Promise<bigint[]> {
  const acked: bigint[] = []
  for (let k = first; k < first + count; k++) {
    const live = members()
    const target = live[k % live.length]!
    const answer = await writeKey(target, k).catch(() => undefined)
    if (answer !== undefined && acknowledged(answer)) acked.push(BigInt(k))
  }
  return acked
}

// Clustering guide, "Mode 2: Raft Consensus" and "Failover": a leader's death costs an election,
// never an acknowledged write, and the old leader comes back as a follower.
describe('raft mode: failover and restarts', () => {
  after(stopAllNodes)

  it('elects a new leader after kill -9 of the leader, loses no acknowledged write, and the old leader catches up', async () => {
    const cluster = await RaftCluster.start()
    const before = await writeWhile(() => cluster.live(), 0, 20)
    assert.equal(before.length, 20)
    const oldLeader = await cluster.leader()
    const writing = writeWhile(() => cluster.live().filter((member) => member !== oldLeader), 100, 40)
    await oldLeader.node.kill('SIGKILL')
    const during = await writing
    const survivors = cluster.live()
    const newLeader = await cluster.leader(survivors)
    assert.notEqual(newLeader.id, oldLeader.id)
    const acked = [...before, ...during]
    const onLeader = await keysOn(newLeader, 'QUORUM')
    for (const k of acked) assert.ok(onLeader.includes(k), `acknowledged key ${k} is missing`)

    oldLeader.node = await oldLeader.node.restart()
    const after = await writeWhile(() => cluster.live(), 200, 5)
    assert.equal(after.length, 5)
    const state = await call(oldLeader.node.httpUrl, '/admin/raft/state')
    assert.notEqual(state.json.role, 'leader')
    const expected = await keysOn(newLeader, 'QUORUM')
    await waitFor('the old leader to catch up', async () => {
      const keys = await keysOn(oldLeader, 'ONE')
      return keys.length === expected.length ? keys : undefined
    })
    assert.deepEqual(await keysOn(oldLeader, 'ONE'), expected)
  })

  it('keeps the cluster and its data when every node restarts', async () => {
    const cluster = await RaftCluster.start()
    const acked = await writeWhile(() => cluster.live(), 0, 10)
    assert.equal(acked.length, 10)
    await Promise.all(cluster.members.map((member) => member.node.kill('SIGKILL')))
    await Promise.all(cluster.members.map(async (member) => {
      member.node = await member.node.restart()
    }))
    const leader = await cluster.leader()
    assert.deepEqual(await keysOn(leader, 'QUORUM'), acked)
    const more = await writeWhile(() => cluster.live(), 10, 3)
    assert.equal(more.length, 3)
    for (const member of cluster.members) assert.deepEqual(await keysOn(member, 'QUORUM'), [...acked, ...more])
    const output = cluster.member('node-1').node.output.join('')
    assert.match(output, /NORNICDB_CLUSTER_RAFT_BOOTSTRAP=true is ignored/)
  })
})
