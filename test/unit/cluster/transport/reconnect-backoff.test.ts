import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkReconnectBackoff, reconnectDelayMs } from '../../../../src/cluster/transport/reconnect-backoff.js'

const backoff = { baseMs: 100, maxMs: 3_000 }

describe('reconnect backoff', () => {
  it('doubles from the base and stops at the maximum', () => {
    const highest = (attempt: number): number => reconnectDelayMs(attempt, backoff, () => 0.999999)
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 1000].map(highest), [100, 200, 400, 800, 1600, 3000, 3000, 3000])
  })

  it('draws the upper half of each step from the random source', () => {
    assert.equal(reconnectDelayMs(2, backoff, () => 0), 200)
    assert.equal(reconnectDelayMs(2, backoff, () => 0.5), 300)
    assert.equal(reconnectDelayMs(9, backoff, () => 0), 1500)
  })

  it('refuses a base under 1 ms and a maximum under the base', () => {
    assert.throws(() => checkReconnectBackoff({ baseMs: 0, maxMs: 10 }), /baseMs/)
    assert.throws(() => checkReconnectBackoff({ baseMs: 50, maxMs: 10 }), /maxMs \(10\) must be at least baseMs \(50\)/)
    checkReconnectBackoff(backoff)
  })
})
