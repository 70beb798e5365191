import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { NodeReport } from '../../../../src/cluster/standby/messages.js'
import { lagOfStandby, standbyLag } from '../../../../src/cluster/standby/replication-lag.js'

const primary: NodeReport = {
  epoch: 1, role: 'primary', last: { index: 10, epoch: 1 }, progress: { received: 10, persisted: 10, applied: 10 },
  appliedTimestamp: 50_000, httpUrl: 'http://primary:7474',
}

// Guide, "Metrics Reference": nornicdb_replication_lag_seconds, time behind the leader.
describe('replication lag', () => {
  it('a standby that applied everything the primary has is not behind', () => {
    assert.deepEqual(standbyLag(primary, 10, 50_000), { entries: 0, seconds: 0 })
    assert.deepEqual(standbyLag(undefined, 3, 0), { entries: 0, seconds: 0 })
  })

  it('a standby behind counts the entries and the age gap of the commands', () => {
    assert.deepEqual(standbyLag(primary, 7, 47_500), { entries: 3, seconds: 2.5 })
  })

  it('on the primary, the standby lags by the age of the oldest entry it has not applied', () => {
    const oldest = { index: 8, epoch: 1, timestamp: 9_000, statements: [] }
    assert.deepEqual(lagOfStandby(10, { received: 10, persisted: 9, applied: 7 }, oldest, 10_000), { entries: 3, seconds: 1 })
    assert.deepEqual(lagOfStandby(10, { received: 10, persisted: 10, applied: 10 }, undefined, 10_000), { entries: 0, seconds: 0 })
  })
})
