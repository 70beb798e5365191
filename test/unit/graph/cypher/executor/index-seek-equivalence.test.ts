import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import type { Value } from '../../../../../src/graph/values.js'
import { GraphFixture } from './graph-fixture.js'

/**
 * An index may make a query faster but never change its answer: the same predicate over nodes
 * of an indexed label and of an unindexed twin label must select the same values.
 */
const propertyValue = fc.oneof(
  fc.bigInt({ min: -3n, max: 3n }),
  fc.constantFrom(-1.5, 0.0, 1.0, 2.5, Number.NaN),
  fc.constantFrom('', 'a', 'b', 'ab'),
  fc.boolean(),
  fc.constantFrom([1n, 2n], ['a']),
)
const operator = fc.constantFrom('=', '<', '<=', '>', '>=')

function sortKey(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v))
}

describe('index seeks answer as scans do', () => {
  it('for equality and range predicates over mixed-type properties', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(propertyValue, { minLength: 1, maxLength: 12 }), operator, propertyValue, fc.option(operator), fc.option(propertyValue), async (values, op, bound, op2, bound2) => {
        const graph = await GraphFixture.open()
        try {
          await graph.write('CREATE INDEX FOR (n:Indexed) ON (n.v)')
          await graph.write('UNWIND $values AS v CREATE (:Indexed {v: v}), (:Plain {v: v})', { values })
          const second = op2 === null || bound2 === null ? '' : ` AND n.v ${op2} $bound2`
          const parameters = { bound, bound2: bound2 as Value }
          const query = (label: string) => `MATCH (n:${label}) WHERE n.v ${op} $bound${second} RETURN n.v`
          const plan = JSON.stringify((await graph.read(`EXPLAIN ${query('Indexed')}`, parameters)).plan)
          assert.match(plan, /NodeIndex(Range)?Seek/)
          const seek = (await graph.rows(query('Indexed'), parameters)).map(sortKey).sort()
          const scan = (await graph.rows(query('Plain'), parameters)).map(sortKey).sort()
          assert.deepEqual(seek, scan)
        } finally {
          await graph.close()
        }
      }),
      { numRuns: 60 },
    )
  })
})
