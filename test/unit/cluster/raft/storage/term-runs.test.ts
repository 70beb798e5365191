import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { TermRuns } from '../../../../../src/cluster/raft/storage/term-runs.js'

function runsOf(terms: readonly number[], first = 1): TermRuns {
  const runs = new TermRuns()
  terms.forEach((term, i) => runs.append(first + i, term))
  return runs
}

function termsOf(runs: TermRuns, from: number, to: number): (number | undefined)[] {
  return Array.from({ length: to - from + 1 }, (_, i) => runs.termAt(from + i))
}

describe('TermRuns: the terms of the held entries', () => {
  it('answers the term at every held index, and undefined outside', () => {
    const runs = runsOf([1, 1, 2, 2, 2, 5])
    assert.deepEqual(termsOf(runs, 0, 7), [undefined, 1, 1, 2, 2, 2, 5, undefined])
    assert.equal(runs.lastIndex, 6)
  })

  it('truncates a suffix and appends after it (Raft 5.3)', () => {
    const runs = runsOf([1, 1, 2, 2, 2, 5])
    runs.truncateFrom(4)
    runs.append(4, 6)
    assert.deepEqual(termsOf(runs, 1, 5), [1, 1, 2, 6, undefined])
    runs.truncateFrom(1)
    assert.equal(runs.lastIndex, undefined)
  })

  it('drops a prefix, inside a run or past the end', () => {
    const runs = runsOf([1, 1, 2, 2, 2, 5])
    runs.dropBefore(4)
    assert.deepEqual(termsOf(runs, 3, 6), [undefined, 2, 2, 5])
    runs.dropBefore(9)
    assert.equal(runs.lastIndex, undefined)
  })
})
