// The simulator's checks must be able to fail: each property is fed a violation.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { membershipOf, type Entry } from '../../src/cluster/raft/index.js'
import { SafetyChecker, SafetyViolation } from './raft-sim-checker.js'
import { RaftSimulation } from './raft-sim.js'

const entry = (index: number, term: number, data: string): Entry => ({ index, term, type: 'normal', data })

test('two leaders in one term break election safety', () => {
  const checker = new SafetyChecker(membershipOf(['a', 'b']))
  checker.leaderElected('a', 3, () => 0, 1, 0)
  assert.throws(() => checker.leaderElected('b', 3, () => 0, 1, 0), SafetyViolation)
})

test('the same index and term with different content breaks log matching', () => {
  const checker = new SafetyChecker(membershipOf(['a', 'b']))
  checker.entryPersisted('a', entry(2, 1, 'x'), 1)
  assert.throws(() => checker.entryPersisted('b', entry(2, 1, 'y'), 1), SafetyViolation)
  assert.throws(() => checker.entryPersisted('b', entry(2, 1, 'x'), 0), SafetyViolation, 'a different predecessor term')
})

test('different entries applied at one index break state machine safety', () => {
  const checker = new SafetyChecker(membershipOf(['a', 'b']))
  checker.applied('a', 1, '1|n|x')
  assert.throws(() => checker.applied('b', 1, '1|n|y'), SafetyViolation)
})

test('a leader missing an applied entry breaks leader completeness', () => {
  const checker = new SafetyChecker(membershipOf(['a', 'b']))
  checker.applied('a', 1, '1|n|x')
  assert.throws(() => checker.leaderElected('b', 2, () => undefined, 1, 0), SafetyViolation)
  assert.throws(() => checker.leaderElected('b', 2, () => 2, 1, 1), SafetyViolation)
})

test('a read below an acknowledged write breaks linearizability; terms and commits never go back', () => {
  const checker = new SafetyChecker(membershipOf(['a']))
  assert.throws(() => checker.readServed('a', { index: 3, context: 'r' }, 4), SafetyViolation)
  assert.throws(() => checker.monotonic('a', 'term', 5, 4), SafetyViolation)
})

test('a seed replays exactly', () => {
  const run = () => {
    const lines: string[] = []
    const result = new RaftSimulation({ seed: 4242, chaosRounds: 150, livenessRounds: 300, trace: (line) => lines.push(line) }).run()
    return { ...result, paths: Object.fromEntries(result.paths), lines }
  }
  const first = run()
  assert.ok(first.lines.length > 10)
  assert.deepEqual(run(), first)
})
