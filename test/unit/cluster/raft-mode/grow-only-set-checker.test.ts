import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkGrowOnlySet, type Operation } from '../../../e2e/support/raft-history.js'

// The checker the raft linearizability e2e test relies on must itself catch each kind of violation.
describe('checkGrowOnlySet', () => {
  const write = (key: bigint, start: number, end: number, ok = true): Operation => ({ kind: 'write', key, start, end, ok })
  const read = (keys: bigint[], start: number, end: number): Operation => ({ kind: 'read', keys: new Set(keys), start, end })

  it('accepts a linearizable history, with overlapping and failed writes either way', () => {
    assert.deepEqual(checkGrowOnlySet([write(1n, 0, 10), write(2n, 5, 30), write(3n, 6, 7, false), read([1n], 11, 20), read([1n, 2n], 25, 40)]), [])
  })

  it('finds a stale read', () => {
    assert.match(checkGrowOnlySet([write(1n, 0, 10), read([], 11, 20)])[0] ?? '', /stale read/)
  })

  it('finds a read of a key not yet written', () => {
    assert.match(checkGrowOnlySet([write(1n, 30, 40), read([1n], 11, 20)])[0] ?? '', /not yet written/)
  })

  it('finds a later read that lost what an earlier one saw', () => {
    assert.match(checkGrowOnlySet([write(1n, 0, 100, false), read([1n], 10, 20), read([], 30, 40)])[0] ?? '', /missing from a read/)
  })
})
