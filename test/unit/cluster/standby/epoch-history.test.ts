import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { beginEpoch, divergencePoint, epochEnd } from '../../../../src/cluster/standby/epoch-history.js'

// Epoch 1 wrote 1..10, epoch 2 (after a failover) 11..15, epoch 4 16 onwards (epoch 3 never wrote here).
const history = [{ epoch: 1, startIndex: 1 }, { epoch: 2, startIndex: 11 }, { epoch: 4, startIndex: 16 }]

describe('epoch history', () => {
  it('an epoch ends where the next one that wrote here began', () => {
    assert.equal(epochEnd(history, 1, 20), 10)
    assert.equal(epochEnd(history, 2, 20), 15)
    assert.equal(epochEnd(history, 3, 20), 15)
    assert.equal(epochEnd(history, 4, 20), 20)
  })

  it('an old primary that wrote past the failover point agrees only up to it', () => {
    // The old primary of epoch 1 kept writing to 13 after the standby took over at 11.
    assert.equal(divergencePoint(history, 20, { index: 13, epoch: 1 }), 10)
  })

  it('a standby that is only behind agrees up to its own last entry', () => {
    assert.equal(divergencePoint(history, 20, { index: 12, epoch: 2 }), 12)
    assert.equal(divergencePoint(history, 20, { index: 0, epoch: 0 }), 0)
  })

  it('a promotion drops epochs this log never got entries from, and starts after its last entry', () => {
    // This node's log ends at 15: the record of epoch 4 (from 16) is another primary's, never seen here.
    assert.deepEqual(beginEpoch(history.slice(0, 2), 5, 15), [...history.slice(0, 2), { epoch: 5, startIndex: 16 }])
    assert.deepEqual(beginEpoch([{ epoch: 1, startIndex: 1 }, { epoch: 2, startIndex: 11 }], 3, 10), [{ epoch: 1, startIndex: 1 }, { epoch: 3, startIndex: 11 }])
    assert.throws(() => beginEpoch(history, 4, 20), /not above/)
  })
})
