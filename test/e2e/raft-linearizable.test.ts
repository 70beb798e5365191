import assert from 'node:assert/strict'
import { performance } from 'node:perf_hooks'
import { after, describe, it } from 'node:test'
import { stopAllNodes } from './support/nornic-process.js'
import { acknowledged, keysOn, RaftCluster, writeKey, type RaftMember } from './support/raft-cluster.js'
import { checkGrowOnlySet, type Operation } from './support/raft-history.js'

// The issue: "a concurrent read/write workload during leader kills stays linearizable (check the
// history with a checker in the tests)". Reads are QUORUM, the default.
describe('raft mode: linearizability under leader kills', () => {
  after(stopAllNodes)

  it('keeps a concurrent read/write history linearizable while the leader is killed and restarted', async () => {
    const cluster = await RaftCluster.start()
    const history: Operation[] = []
    let running = true
    let nextKey = 0
    const live = (): RaftMember[] => cluster.live()
    const writer = async (slot: number) => {
      while (running) {
        const members = live()
        const key = BigInt(nextKey++)
        const start = performance.now()
        const answer = await writeKey(members[slot % members.length]!, key).catch(() => undefined)
        history.push({ kind: 'write', key, start, end: performance.now(), ok: answer !== undefined && acknowledged(answer) })
      }
    }
    const reader = async (slot: number) => {
      let turn = slot
      while (running) {
        const members = live()
        const start = performance.now()
        const keys = await keysOn(members[turn++ % members.length]!, 'QUORUM').catch(() => undefined)
        if (keys !== undefined) history.push({ kind: 'read', keys: new Set(keys), start, end: performance.now() })
      }
    }
    const workers = [writer(0), writer(1), writer(2), reader(0), reader(1)]
    for (let round = 0; round < 2; round++) {
      await new Promise((resolve) => setTimeout(resolve, 700))
      const leader = await cluster.leader()
      await leader.node.kill('SIGKILL')
      await new Promise((resolve) => setTimeout(resolve, 700))
      leader.node = await leader.node.restart()
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
    running = false
    await Promise.all(workers)

    const reads = history.filter((op) => op.kind === 'read').length
    const acked = history.filter((op) => op.kind === 'write' && op.ok).length
    assert.ok(reads > 10 && acked > 10, `enough history to judge: ${reads} reads, ${acked} acknowledged writes`)
    assert.deepEqual(checkGrowOnlySet(history).slice(0, 5), [])
  })
})
