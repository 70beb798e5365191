import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Progress } from '../../../../src/cluster/raft/progress.js'

test('probe sends one append at a time; an answer resumes it', () => {
  const p = new Progress('n2', 5, 4)
  assert.equal(p.isPaused(), false)
  p.sentAppend(6, 2)
  assert.equal(p.isPaused(), true)
  assert.equal(p.maybeUpdate(6), true)
  assert.equal(p.isPaused(), false)
})

test('replicate streams up to the in-flight window, and a lost message frees a slot on heartbeat', () => {
  const p = new Progress('n2', 1, 2)
  p.becomeReplicate()
  p.sentAppend(1, 1)
  p.sentAppend(2, 1)
  assert.equal(p.isPaused(), true)
  assert.equal(p.next, 3)
  p.heartbeatAnswered()
  assert.equal(p.isPaused(), false)
  p.maybeUpdate(2)
  assert.equal(p.inflightCount(), 0)
})

test('a stale rejection is ignored; a fresh one moves next back but never below match + 1', () => {
  const p = new Progress('n2', 10, 4)
  p.match = 3
  assert.equal(p.maybeDecrease(7, 2), false, 'answers an append that is not the outstanding probe')
  assert.equal(p.maybeDecrease(9, 2), true)
  assert.equal(p.next, 4)
  p.becomeReplicate()
  assert.equal(p.maybeDecrease(3, 1), false, 'at or below match is stale in replicate')
})

test('after a snapshot, probing resumes right after it', () => {
  const p = new Progress('n2', 1, 4)
  p.becomeSnapshot(20)
  assert.equal(p.isPaused(), true)
  p.becomeProbe()
  assert.equal(p.next, 21)
})
