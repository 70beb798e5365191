import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { raftTiming, ticksIn } from '../../../../../src/cluster/raft/driver/timing.js'

describe('turning timeouts into ticks', () => {
  it('one tick per heartbeat; the election timeout in whole heartbeats (guide defaults: 1 s and 100 ms)', () => {
    assert.deepEqual(raftTiming(1000, 100), { tickMs: 100, heartbeatTicks: 1, electionTicks: 10 })
    assert.deepEqual(raftTiming(1000, 300), { tickMs: 300, heartbeatTicks: 1, electionTicks: 3 })
  })

  it('keeps at least two heartbeats per election timeout', () => {
    assert.equal(raftTiming(150, 100).electionTicks, 2)
  })

  it('refuses a heartbeat that is not shorter than the election timeout, naming both', () => {
    assert.throws(() => raftTiming(100, 100), /heartbeat timeout \(100 ms\) must be shorter than the election timeout \(100 ms\)/)
    assert.throws(() => raftTiming(0, 0), RangeError)
  })

  it('counts interval work in ticks, at least one', () => {
    assert.equal(ticksIn(300_000, 100), 3000)
    assert.equal(ticksIn(10, 100), 1)
  })
})
