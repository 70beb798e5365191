import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import { isNornicError } from '../../../../../src/errors/index.js'
import type { SnapshotMeta } from '../../../../../src/cluster/raft/types.js'
import { settle, TestCluster, type TestNode } from './support.js'

function hasCode(code: string): (error: unknown) => boolean {
  return (error) => {
    assert.ok(isNornicError(error), `expected a NornicError, got ${String(error)}`)
    assert.equal(error.code, code, error.message)
    return true
  }
}

/** Cuts a follower off, writes 'one' and compacts the leader's log past it (trailingLogs 0); the follower is still cut off. */
async function compactPastAFollower(cluster: TestCluster): Promise<{ leader: TestNode; lagging: TestNode; compacted: SnapshotMeta }> {
  const leader = await cluster.waitForLeader()
  const lagging = cluster.followers()[0]!
  cluster.network.isolate(lagging.id)
  await leader.driver.propose('one')
  return { leader, lagging, compacted: await leader.driver.snapshotNow() }
}

describe('RaftDriver over the in-memory network', () => {
  let cluster: TestCluster | undefined
  afterEach(async () => {
    await cluster?.close()
    cluster = undefined
  })

  it('elects one leader, replicates a proposal and answers with the leader\'s apply result', async () => {
    cluster = await TestCluster.start()
    const leader = await cluster.waitForLeader()
    const first = leader.driver.propose('a')
    const second = leader.driver.propose('b')
    assert.deepEqual(await Promise.all([first, second]), [1, 2])
    await cluster.tickUntil(() => [...cluster!.nodes.values()].every((node) => node.machine.items.length === 2), 'apply everywhere')
    for (const node of cluster.nodes.values()) assert.deepEqual(node.machine.items, ['a', 'b'], node.id)
  })

  it('a follower refuses a proposal with NotALeader naming the leader', async () => {
    cluster = await TestCluster.start()
    const leader = await cluster.waitForLeader()
    const follower = cluster.followers()[0]!
    await assert.rejects(follower.driver.propose('x'), (error: unknown) => {
      hasCode('Neo.ClientError.Cluster.NotALeader')(error)
      assert.equal((error as { facts: { leader: string } }).facts.leader, leader.id)
      assert.match((error as Error).message, new RegExp(leader.id))
      return true
    })
  })

  it('with no leader known, a proposal fails with the transient NoLeader', async () => {
    cluster = await TestCluster.start()
    await assert.rejects(cluster.node('n1').driver.propose('x'), hasCode('Neo.TransientError.Cluster.NoLeader'))
  })

  it('what the state machine throws is the proposer\'s answer, and the log goes on', async () => {
    cluster = await TestCluster.start()
    const leader = await cluster.waitForLeader()
    await assert.rejects(leader.driver.propose('fail:bad'), /refused fail:bad/)
    assert.equal(await leader.driver.propose('good'), 1)
  })

  it('batches proposals made together into one append and one fsync', async () => {
    cluster = await TestCluster.start()
    const leader = await cluster.waitForLeader()
    await settle(20)
    const savesBefore = leader.storage.saves.length
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => leader.driver.propose(`p${i}`)))
    assert.deepEqual(results, Array.from({ length: 50 }, (_, i) => i + 1))
    const withEntries = leader.storage.saves.slice(savesBefore).filter((save) => save.entries.length > 0)
    assert.equal(withEntries.length, 1, 'one fsynced append carried all the proposals')
    assert.equal(withEntries[0]!.entries.length, 50)
  })

  it('hands a lone proposal to the leader\'s prepare before it commits, and no batched one, nor any on a follower', async () => {
    cluster = await TestCluster.start()
    const leader = await cluster.waitForLeader()
    await settle(20)
    assert.equal(await leader.driver.propose('lone'), 1)
    const index = leader.machine.applyCalls.at(-1)!
    assert.deepEqual(leader.machine.calls.filter((call) => call.endsWith(` ${index}`)), [`prepare ${index}`, `apply ${index}`])
    await Promise.all(['b1', 'b2', 'b3'].map((item) => leader.driver.propose(item)))
    assert.deepEqual(leader.machine.calls.filter((call) => call.startsWith('prepare')), [`prepare ${index}`], 'the batch of three was not prepared')
    await cluster.tickUntil(() => cluster!.followers().every((node) => node.machine.items.length === 4), 'apply on the followers')
    for (const follower of cluster.followers()) assert.ok(follower.machine.calls.every((call) => call.startsWith('apply')), follower.id)
  })

  it('readIndex resolves on the leader and on a follower once the follower applied the leader\'s commit', async () => {
    cluster = await TestCluster.start()
    const leader = await cluster.waitForLeader()
    await leader.driver.propose('w1')
    const follower = cluster.followers()[0]!
    let followerRead = false
    const read = follower.driver.readIndex().then(() => {
      followerRead = true
      // Linearizable: the write committed before the read is visible here.
      assert.deepEqual(follower.machine.items, ['w1'])
    })
    await leader.driver.readIndex()
    await cluster.tickUntil(() => followerRead, 'the follower read')
    await read
  })

  it('readIndex with no leader fails with NoLeader', async () => {
    cluster = await TestCluster.start()
    await assert.rejects(cluster.node('n2').driver.readIndex(), hasCode('Neo.TransientError.Cluster.NoLeader'))
  })

  it('transfers leadership to the named voter, and to the most caught-up one when none is named', async () => {
    cluster = await TestCluster.start()
    const leader = await cluster.waitForLeader()
    const target = cluster.followers()[0]!
    const transferred = leader.driver.transferLeadership(target.id)
    await cluster.tickUntil(() => target.driver.status().role === 'leader', 'the target leading')
    assert.equal(await transferred, target.id)
    const next = target.driver.transferLeadership()
    await cluster.tickUntil(() => target.driver.status().role !== 'leader' && cluster!.leaders().length === 1, 'a new leader')
    assert.equal(await next, cluster.leaders()[0]!.id)
  })

  it('a follower refuses to transfer leadership, naming the leader', async () => {
    cluster = await TestCluster.start()
    await cluster.waitForLeader()
    await assert.rejects(cluster.followers()[0]!.driver.transferLeadership(), hasCode('Neo.ClientError.Cluster.NotALeader'))
  })

  it('a closed connection to the leader starts an election at once, without waiting for a timeout', async () => {
    cluster = await TestCluster.start()
    const leader = await cluster.waitForLeader()
    const [first, second] = cluster.followers()
    cluster.network.isolate(leader.id)
    // The two followers notice one after the other, as two sockets closing do.
    cluster.network.reportDisconnect(first!.id, leader.id)
    await cluster.settle()
    cluster.network.reportDisconnect(second!.id, leader.id)
    const newLeaders = (): TestNode[] => [first!, second!].filter((node) => node.driver.status().role === 'leader')
    // Rounds of deliveries and fsyncs, never a tick: an election needs a few of them.
    for (let round = 0; round < 20 && newLeaders().length === 0; round++) await cluster.settle()
    assert.equal(newLeaders().length, 1, 'a new leader without a single tick')
  })

  it('proposes a membership change and applies it on every node', async () => {
    cluster = await TestCluster.start()
    const leader = await cluster.waitForLeader()
    await leader.driver.propose('settle the term')
    const removed = cluster.followers()[0]!.id
    await leader.driver.proposeConfChange({ kind: 'remove', node: removed })
    assert.equal(leader.driver.status().membership.voters.includes(removed), false)
  })

  it('stop rejects a proposal that cannot commit with OutcomeUnknown', async () => {
    cluster = await TestCluster.start()
    const leader = await cluster.waitForLeader()
    for (const follower of cluster.followers()) cluster.network.isolate(follower.id)
    const pending = leader.driver.propose('stranded')
    await settle(10)
    await leader.driver.stop()
    await assert.rejects(pending, hasCode('Nornic.Cluster.OutcomeUnknown'))
    await assert.rejects(leader.driver.propose('after'), hasCode('Neo.TransientError.General.DatabaseUnavailable'))
  })

  it('a proposal whose index a new leader took fails with LeadershipLost', async () => {
    cluster = await TestCluster.start()
    const old = await cluster.waitForLeader()
    cluster.network.isolate(old.id)
    const pending = old.driver.propose('lost')
    const outcome = pending.then(() => 'applied', (error: unknown) => error)
    await cluster.tickUntil(() => cluster!.followers().filter((n) => n.id !== old.id).length === 1 || cluster!.leaders().some((n) => n.id !== old.id), 'a new leader')
    const fresh = cluster.leaders().find((node) => node.id !== old.id)!
    await fresh.driver.propose('won')
    cluster.network.reconnect(old.id)
    let settled: unknown
    void outcome.then((value) => {
      settled = value
    })
    await cluster.tickUntil(() => settled !== undefined, 'the stranded proposal settled')
    hasCode('Nornic.Cluster.LeadershipLost')(settled)
    assert.deepEqual(old.machine.items, ['won'])
  })

  it('survives a restart of every node: same log, nothing applied twice, writes go on', async () => {
    cluster = await TestCluster.start()
    const leader = await cluster.waitForLeader()
    for (let i = 0; i < 5; i++) await leader.driver.propose(`before-${i}`)
    await cluster.tickUntil(() => [...cluster!.nodes.values()].every((node) => node.machine.items.length === 5), 'apply everywhere')
    for (const [i, id] of ['n1', 'n2', 'n3'].entries()) await cluster.restart(id, 100 + i)
    const next = await cluster.waitForLeader()
    await next.driver.propose('after')
    await cluster.tickUntil(() => [...cluster!.nodes.values()].every((node) => node.machine.items.length === 6), 'apply everywhere')
    for (const node of cluster.nodes.values()) {
      assert.deepEqual(node.machine.items, ['before-0', 'before-1', 'before-2', 'before-3', 'before-4', 'after'], node.id)
      assert.equal(new Set(node.machine.applyCalls).size, node.machine.applyCalls.length, `${node.id} applied an index twice`)
    }
  })

  it('a follower applies what an append says is committed while its disk writes the append\'s entries, and those only after', async () => {
    // Commit notices held for a minute and no ticks: a follower learns a commit only from the next append.
    cluster = await TestCluster.start(['n1', 'n2', 'n3'], { emptyAppendHoldMs: 60_000 })
    const leader = await cluster.waitForLeader()
    const [follower, other] = cluster.followers() as [TestNode, TestNode]
    await leader.driver.propose('a')
    await cluster.settle()
    assert.deepEqual(follower.machine.items, [], 'the notice of the commit is held')
    let release = (): void => undefined
    follower.storage.saveGate = new Promise((resolve) => {
      release = resolve
    })
    const savesBefore = follower.storage.saves.length
    try {
      assert.equal(await leader.driver.propose('b'), 2, 'the leader and the other follower commit it')
      for (let turn = 0; turn < 500 && follower.machine.items.length === 0; turn++) await settle(1)
      assert.equal(follower.storage.saves.length, savesBefore + 1, 'the follower is writing the append with b')
      assert.deepEqual(follower.machine.items, ['a'], 'a, committed before b, is applied while b is on its way to disk')
    } finally {
      // A follower stuck on its write would keep the cluster from closing.
      release()
      follower.storage.saveGate = undefined
    }
    await cluster.tickUntil(() => follower.machine.items.length === 2 && other.machine.items.length === 2, 'b applied everywhere')
    assert.deepEqual(follower.machine.items, ['a', 'b'])
  })

  it('a follower behind the first log index catches up through InstallSnapshot, in chunks', async () => {
    cluster = await TestCluster.start(['n1', 'n2', 'n3'], { snapshotThreshold: 10, snapshotChunkBytes: 16, tuning: { trailingLogs: 2 } })
    const leader = await cluster.waitForLeader()
    const lagging = cluster.followers()[0]!
    cluster.network.isolate(lagging.id)
    for (let i = 0; i < 30; i++) await leader.driver.propose(`item-${i}`)
    await cluster.tickUntil(() => leader.driver.counters.snapshotsTaken > 0, 'a snapshot on the leader')
    assert.ok(leader.driver.status().firstIndex > lagging.driver.status().lastIndex + 1, 'the follower is behind the first index')
    assert.deepEqual(await leader.snapshots.list(), [], 'the snapshots so far are the state machine\'s own, with no file')
    assert.ok(leader.machine.persisted.length > 0)
    cluster.network.reconnect(lagging.id)
    await cluster.tickUntil(() => lagging.machine.items.length === 30, 'the follower caught up')
    // The leader may record a newer snapshot while it sends one (it takes them beside its loop), so the follower may need a second.
    assert.ok(lagging.driver.counters.snapshotsInstalled >= 1)
    assert.ok((cluster.network.sent.get('snapshotChunk') ?? 0) > 1, 'the snapshot went in several chunks')
    assert.deepEqual(lagging.machine.items, leader.machine.items)
    assert.equal(lagging.machine.restores, lagging.driver.counters.snapshotsInstalled)
  })

  it('writes a snapshot file only for a follower that needs one, beside the loop, with the state at the index it names', async () => {
    cluster = await TestCluster.start(['n1', 'n2', 'n3'], { tuning: { trailingLogs: 0 } })
    const { leader, lagging, compacted } = await compactPastAFollower(cluster)
    assert.deepEqual(leader.machine.persisted, [compacted.index])
    await leader.driver.propose('two')
    let release = (): void => undefined
    leader.machine.snapshotGate = new Promise((resolve) => {
      release = resolve
    })
    cluster.network.reconnect(lagging.id)
    await cluster.tickUntil(() => leader.machine.snapshotsPinned === 1, 'the state pinned for the follower')
    const pinnedAt = leader.driver.appliedIndex
    assert.equal(await leader.driver.propose('three'), 3, 'a write commits and applies while the file is written')
    assert.equal(leader.driver.snapshot.index, compacted.index, 'the snapshot is not recorded before its file is written')
    release()
    await cluster.tickUntil(() => lagging.machine.items.length === 3, 'the follower caught up')
    assert.equal(lagging.driver.counters.snapshotsInstalled, 1)
    assert.equal(lagging.driver.snapshot.index, pinnedAt, 'the follower got the state pinned for it, not the older snapshot')
    assert.deepEqual(await leader.snapshots.list(), [pinnedAt])
    const records: string[] = []
    for await (const record of (await leader.snapshots.open(pinnedAt))!.records()) records.push(record)
    assert.deepEqual(records, ['one', 'two'])
    assert.deepEqual(lagging.machine.items, ['one', 'two', 'three'])
  })

  it('writes the file of the snapshot already taken when nothing was applied since', async () => {
    cluster = await TestCluster.start(['n1', 'n2', 'n3'], { tuning: { trailingLogs: 0 } })
    const { leader, lagging, compacted } = await compactPastAFollower(cluster)
    cluster.network.reconnect(lagging.id)
    await cluster.tickUntil(() => lagging.machine.items.length === 1, 'the follower caught up')
    assert.deepEqual(await leader.snapshots.list(), [compacted.index])
    assert.equal(leader.driver.counters.snapshotsTaken, 1, 'the file adds no snapshot')
    assert.equal(lagging.driver.snapshot.index, compacted.index)
  })

  it('takes a snapshot on demand and by interval by making the state machine durable, and compacts the log behind it', async () => {
    cluster = await TestCluster.start(['n1'], { snapshotIntervalMs: 500, tuning: { trailingLogs: 0 } })
    const leader = await cluster.waitForLeader()
    await leader.driver.propose('one')
    const meta = await leader.driver.snapshotNow()
    assert.equal(meta.index, leader.driver.appliedIndex)
    assert.deepEqual(leader.machine.persisted, [meta.index])
    await leader.driver.propose('two')
    await cluster.tickUntil(() => leader.machine.persisted.length === 2, 'the interval snapshot', 10)
    // Asking for a snapshot now waits for that one to be recorded and takes no other.
    assert.equal((await leader.driver.snapshotNow()).index, leader.driver.appliedIndex)
    assert.deepEqual(leader.machine.persisted, [meta.index, leader.driver.appliedIndex])
    assert.deepEqual(await leader.snapshots.list(), [], 'no file: nobody needed one')
    assert.equal(leader.driver.status().firstIndex, leader.driver.appliedIndex + 1)
  })

  it('restarts from a snapshot the state machine holds, restoring nothing', async () => {
    cluster = await TestCluster.start(['n1'], { tuning: { trailingLogs: 0 } })
    let leader = await cluster.waitForLeader()
    await leader.driver.propose('one')
    await leader.driver.propose('two')
    const meta = await leader.driver.snapshotNow()
    await cluster.restart('n1', 7)
    leader = await cluster.waitForLeader()
    assert.equal(leader.driver.snapshot.index, meta.index)
    assert.equal(leader.machine.restores, 0)
    assert.equal(await leader.driver.propose('three'), 3)
    assert.deepEqual(leader.machine.items, ['one', 'two', 'three'])
  })
})
