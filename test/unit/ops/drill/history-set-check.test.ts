import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkInsertOnlySet, finalSetReads } from '../../../../src/ops/drill/history-set-check.js'
import type { Operation } from '../../../../src/ops/drill/history.js'
import { checkRegisters } from '../../../../src/ops/drill/linearizability/index.js'
import { fail, info, ok } from './support/operations.js'

const both = (values: unknown[]) => [
  { node: 'node-1', key: 's', values },
  { node: 'node-2', key: 's', values },
]

// The drill's checks 1 and 2 (issue 8): every acknowledged insert is present on every node at the
// end, and nothing appears that was never written.
describe('insert-only set check', () => {
  const adds = [ok(0, 'add', 1, 0, 1, 's'), ok(1, 'add', 2, 0, 2, 's'), info(2, 'add', 3, 1, 's'), fail(3, 'add', 4, 1, 2, 's')]

  it('passes when every acknowledged add is on every node', () => {
    const result = checkInsertOnlySet(adds, both([2, 1]))
    assert.equal(result.ok, true)
    assert.equal(result.attempted, 4)
    assert.equal(result.acknowledged, 2)
    assert.equal(result.infoAbsent, 1)
  })

  it('an info add may be present or absent', () => {
    const result = checkInsertOnlySet(adds, both([1, 2, 3]))
    assert.equal(result.ok, true)
    assert.equal(result.infoPresent, 1)
    assert.equal(result.infoAbsent, 0)
  })

  it('an acknowledged add missing on one node is a lost write, named with that node', () => {
    const result = checkInsertOnlySet(adds, [{ node: 'node-1', key: 's', values: [1, 2] }, { node: 'node-2', key: 's', values: [1] }])
    assert.equal(result.ok, false)
    assert.deepEqual(result.lost.map((loss) => [loss.value, loss.missingOn]), [[2, ['node-2']]])
  })

  it('a value never added is unexpected', () => {
    const result = checkInsertOnlySet(adds, both([1, 2, 99]))
    assert.equal(result.ok, false)
    assert.deepEqual(result.unexpected.map((value) => [value.value, value.node, value.reason]), [[99, 'node-1', 'never-added'], [99, 'node-2', 'never-added']])
  })

  it('a value whose add surely failed is unexpected', () => {
    const result = checkInsertOnlySet(adds, both([1, 2, 4]))
    assert.equal(result.ok, false)
    assert.deepEqual(result.unexpected.map((value) => value.reason), ['failed', 'failed'])
  })

  it('a failed add retried with success may be present', () => {
    assert.equal(checkInsertOnlySet([...adds, ok(3, 'add', 4, 5, 6, 's')], both([1, 2, 4])).ok, true)
  })

  it('a value listed twice by one node is a duplicate', () => {
    const result = checkInsertOnlySet(adds, both([1, 2, 2]))
    assert.equal(result.ok, false)
    assert.equal(result.duplicated.length, 2)
  })

  it('a set with adds and no final read cannot pass', () => {
    const result = checkInsertOnlySet(adds, [])
    assert.equal(result.ok, false)
    assert.deepEqual(result.unread, ['s'])
  })

  it('reports an info add that only some nodes hold, without failing on it', () => {
    const result = checkInsertOnlySet(adds, [{ node: 'node-1', key: 's', values: [1, 2, 3] }, { node: 'node-2', key: 's', values: [1, 2] }])
    assert.equal(result.ok, true)
    assert.deepEqual(result.divergent, [{ key: 's', value: 3, presentOn: ['node-1'] }])
  })

  it('takes the final reads from the history: the last acknowledged read of the set per node', () => {
    const reads: Operation[] = [
      { ...ok(5, 'read', [1], 10, 11, 's'), node: 'node-1' },
      { ...ok(5, 'read', [1, 2], 20, 21, 's'), node: 'node-1' },
      { ...ok(6, 'read', [1, 2, 3], 20, 21, 's'), node: 'node-2' },
      { ...info(7, 'read', null, 30, 's'), node: 'node-2' },
    ]
    const history = [...adds, ...reads]
    assert.deepEqual(finalSetReads(history), [{ node: 'node-1', key: 's', values: [1, 2] }, { node: 'node-2', key: 's', values: [1, 2, 3] }])
    assert.equal(checkInsertOnlySet(history).ok, true)
    // Set keys are left out of the register check, so a history may mix both workloads.
    assert.equal(checkRegisters([...history, ok(0, 'write', 1, 0, 1, 'r'), ok(0, 'read', 1, 2, 3, 'r')]).ok, true)
  })
})
