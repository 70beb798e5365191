import assert from 'node:assert/strict'
import { test } from 'node:test'
import { committedIndex, hasQuorum, majoritySize, voteOutcome } from '../../../../src/cluster/raft/quorum.js'

test('a majority is more than half of the voters (Raft 5.2)', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map(majoritySize), [1, 2, 2, 3, 3, 4, 4])
})

test('the committed index is the highest index a majority holds', () => {
  const match = new Map([['a', 5], ['b', 3], ['c', 9]])
  assert.equal(committedIndex(['a', 'b', 'c'], (id) => match.get(id) ?? 0), 5)
  assert.equal(committedIndex(['a', 'b', 'c', 'd'], (id) => match.get(id) ?? 0), 3)
  assert.equal(committedIndex([], () => 7), 0)
})

test('votes of non-voters do not count, and a lost election is known early', () => {
  const votes = new Map([['a', true], ['x', true], ['b', false]])
  assert.equal(voteOutcome(['a', 'b', 'c'], votes), 'pending')
  votes.set('c', true)
  assert.equal(voteOutcome(['a', 'b', 'c'], votes), 'won')
  assert.equal(voteOutcome(['a', 'b', 'c'], new Map([['b', false], ['c', false]])), 'lost')
})

test('check-quorum needs a majority of voters active', () => {
  assert.equal(hasQuorum(['a', 'b', 'c'], (id) => id === 'a'), false)
  assert.equal(hasQuorum(['a', 'b', 'c'], (id) => id !== 'c'), true)
})
