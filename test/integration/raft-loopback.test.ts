// Three Raft engines in one process over the real cluster transport on 127.0.0.1, each with a
// durable log and a durable append-only list in its own temp dir: they elect, replicate,
// snapshot, bring a stopped follower back through InstallSnapshot, and survive a restart of all
// three with nothing applied twice.
import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { LoopbackCluster, waitFor } from '../unit/cluster/raft/driver/loopback-cluster.js'

describe('raft over the loopback transport with durable logs', () => {
  let cluster: LoopbackCluster | undefined
  after(async () => {
    await cluster?.close()
  })

  const written: string[] = []

  async function leaderOf(c: LoopbackCluster): Promise<NonNullable<ReturnType<LoopbackCluster['leader']>>> {
    await waitFor(() => c.leader() !== undefined && c.running().every((node) => node.driver.status().leader === c.leader()!.driver.id), 'one leader known to every running node')
    return c.leader()!
  }

  async function write(c: LoopbackCluster, count: number, prefix: string): Promise<void> {
    const leader = await leaderOf(c)
    const batch = Array.from({ length: count }, (_, i) => `${prefix}-${i}`)
    await Promise.all(batch.map((item) => leader.driver.propose(item)))
    written.push(...batch)
  }

  function assertEveryoneHoldsExactly(c: LoopbackCluster): void {
    for (const node of c.running()) {
      assert.deepEqual([...node.machine.items].sort(), [...written].sort(), `${node.driver.id} holds every write once`)
      assert.equal(new Set(node.machine.items).size, node.machine.items.length, `${node.driver.id} applied nothing twice`)
    }
    const orders = c.running().map((node) => node.machine.items.join(','))
    assert.equal(new Set(orders).size, 1, 'every node applied in the same order')
  }

  it('elects a leader and replicates writes to every node', async () => {
    cluster = await LoopbackCluster.start(['n1', 'n2', 'n3'], { snapshotThreshold: 40, snapshotChunkBytes: 256, tuning: { trailingLogs: 5 } })
    await write(cluster, 20, 'first')
    await waitFor(() => cluster!.running().every((node) => node.machine.items.length === written.length), 'every node applied the writes')
    assertEveryoneHoldsExactly(cluster)
  })

  it('a follower stopped while the log is compacted catches up through InstallSnapshot', async () => {
    const c = cluster!
    const leader = await leaderOf(c)
    const follower = c.running().find((node) => node !== leader)!
    const followerId = follower.driver.id
    await c.stopNode(followerId)
    for (let round = 0; round < 5; round++) await write(c, 30, `while-down-${round}`)
    const snapshotIndex = leader.driver.snapshot.index
    assert.ok(leader.driver.counters.snapshotsTaken > 0, 'the leader took a snapshot')
    assert.ok(leader.driver.status().firstIndex > 21, 'the leader compacted past what the follower holds')
    await c.startNode(followerId)
    const back = c.node(followerId)
    await waitFor(() => back.machine.items.length === written.length, `${followerId} caught up`)
    // The list fills before the restore's write returns: let the round that installs it finish.
    await back.driver.whenIdle()
    assert.ok(back.driver.counters.snapshotsInstalled >= 1, `${followerId} installed a snapshot`)
    assert.ok(back.driver.snapshot.index >= snapshotIndex)
    assert.ok(leader.driver.counters.snapshotsSent >= 1)
    assertEveryoneHoldsExactly(c)
  })

  it('survives a restart of all three: the log and the lists come back, nothing is applied twice', async () => {
    const c = cluster!
    const appliedBefore = new Map(c.running().map((node) => [node.driver.id, node.driver.appliedIndex]))
    for (const id of c.ids) await c.stopNode(id)
    for (const id of c.ids) await c.startNode(id)
    for (const node of c.running()) {
      assert.equal(node.machine.items.length, written.length, `${node.driver.id} read its list back`)
      assert.ok(node.driver.appliedIndex >= appliedBefore.get(node.driver.id)!, `${node.driver.id} starts from what it applied`)
    }
    await write(c, 10, 'after-restart')
    await waitFor(() => c.running().every((node) => node.machine.items.length === written.length), 'every node applied the new writes')
    assertEveryoneHoldsExactly(c)
    for (const node of c.running()) {
      // applyCalls counts only this process life of the list: just the entries new since the restart.
      assert.equal(node.machine.applyCalls.length, 10, `${node.driver.id} applied only the new writes after the restart`)
    }
  })

  it('when the leader goes away, its closed connections start the election and writes go on', async () => {
    const c = cluster!
    const old = await leaderOf(c)
    const oldId = old.driver.id
    const eventsBefore = c.events.length
    await c.stopNode(oldId)
    await write(c, 5, 'after-failover')
    const lost = c.events.slice(eventsBefore).filter((event) => event.event === 'leaderConnectionLost')
    assert.ok(lost.length > 0, 'a follower campaigned because its connection to the leader closed')
    assert.ok(lost.every((event) => event.line.includes(`leader ${oldId}`)))
    await c.startNode(oldId)
    await waitFor(() => c.node(oldId).machine.items.length === written.length, `${oldId} caught up after coming back`)
    assertEveryoneHoldsExactly(c)
  })
})
