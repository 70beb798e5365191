import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RaftLog } from '../../../../src/cluster/raft/log.js'
import { membershipOf } from '../../../../src/cluster/raft/membership.js'
import { RaftInvariantError } from '../../../../src/cluster/raft/invariant.js'
import type { Entry } from '../../../../src/cluster/raft/types.js'

const none = { index: 0, term: 0, membership: membershipOf(['n1']) }
const entry = (index: number, term: number): Entry => ({ index, term, type: 'normal', data: `${index}/${term}` })

test('a follower append keeps matching entries and truncates from the first conflict (Raft 5.3)', () => {
  const log = new RaftLog(none, [entry(1, 1), entry(2, 1), entry(3, 1)], 1, 1)
  assert.equal(log.appendAfter(1, [entry(2, 1), entry(3, 2), entry(4, 2)]), true)
  assert.deepEqual(log.slice(1, 4).map((e) => e.term), [1, 1, 2, 2])
  assert.equal(log.stableIndex, 2, 'the truncated tail must be persisted again')
  assert.deepEqual(log.unstableEntries().map((e) => e.index), [3, 4])
})

test('overwriting a committed entry is a bug, never a repair', () => {
  const log = new RaftLog(none, [entry(1, 1), entry(2, 1)], 2, 0)
  assert.throws(() => log.appendAfter(1, [entry(2, 2)]), RaftInvariantError)
  assert.throws(() => log.commitTo(3), RaftInvariantError)
})

test('compaction keeps trailing entries and the term before the first one', () => {
  const log = new RaftLog(none, [1, 2, 3, 4, 5].map((i) => entry(i, 1)), 5, 5)
  log.compact({ index: 5, term: 1, membership: none.membership }, 4)
  assert.equal(log.firstIndex(), 4)
  assert.equal(log.term(3), 1)
  assert.equal(log.term(2), undefined)
})

test('up-to-date compares the last term first, then the length (Raft 5.4.1)', () => {
  const log = new RaftLog(none, [entry(1, 1), entry(2, 3)], 0, 0)
  assert.equal(log.isUpToDate(9, 2), false)
  assert.equal(log.isUpToDate(1, 3), false)
  assert.equal(log.isUpToDate(2, 3), true)
  assert.equal(log.isUpToDate(1, 4), true)
})

test('a restart refuses a state machine behind its snapshot', () => {
  assert.throws(() => new RaftLog({ ...none, index: 5, term: 1 }, [], 5, 3), /install it first/)
})

test('a slice stops at maxSize characters of data, but always holds its first entry', () => {
  const big = (index: number): Entry => ({ index, term: 1, type: 'normal', data: 'x'.repeat(100) })
  const log = new RaftLog(none, [big(1), big(2), big(3), big(4)], 0, 0)
  assert.deepEqual(log.slice(1, 4, 64, 250).map((e) => e.index), [1, 2], 'a third entry would make 300')
  assert.deepEqual(log.slice(3, 4, 64, 10).map((e) => e.index), [3], 'one entry over the budget still goes alone')
  assert.deepEqual(log.slice(1, 4, 3, 1000).map((e) => e.index), [1, 2, 3], 'the count bound still holds')
})
