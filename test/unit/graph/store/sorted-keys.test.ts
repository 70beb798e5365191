import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { compareKeys } from '../../../../src/graph/store/keys.js'
import { SortedKeys } from '../../../../src/graph/store/sorted-keys.js'

function allKeys(set: SortedKeys): string[] {
  const out: string[] = []
  for (let key = set.firstFrom('', false); key !== undefined; key = set.firstFrom(key, true)) out.push(key)
  return out
}

describe('sorted keys', () => {
  it('is empty at first', () => {
    assert.equal(new SortedKeys().firstFrom('', false), undefined)
  })

  it('keeps keys sorted and unique across many chunk splits', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 4 }), { minLength: 1000, maxLength: 3000 }), (keys) => {
        const set = new SortedKeys()
        for (const key of keys) set.add(key)
        assert.deepEqual(allKeys(set), [...new Set(keys)].sort(compareKeys))
      }),
      { numRuns: 10 },
    )
  })

  it('finds the first key at or after a bound', () => {
    const set = new SortedKeys()
    for (let i = 0; i < 2000; i += 2) set.add(String(i).padStart(5, '0'))
    assert.equal(set.firstFrom('00101', false), '00102')
    assert.equal(set.firstFrom('00102', false), '00102')
    assert.equal(set.firstFrom('00102', true), '00104')
    assert.equal(set.firstFrom('01998', true), undefined)
  })
})
