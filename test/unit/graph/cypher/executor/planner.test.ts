import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { PlanDescription } from '../../../../../src/graph/command.js'
import { GraphFixture } from './graph-fixture.js'

function flatten(plan: PlanDescription | undefined): PlanDescription[] {
  return plan === undefined ? [] : [plan, ...plan.children.flatMap(flatten)]
}

/** The first scan under the plan's first MATCH, as `operator details`. */
function matchDetails(plan: PlanDescription | undefined): string {
  const match = flatten(plan).find((operator) => operator.operator === 'Match')
  const scan = match?.children.find((child) => child.operator !== 'Match' && child.children.length === 0)
  return scan === undefined ? '' : `${scan.operator} ${scan.details}`
}

describe('planner: choosing a scan per pattern, EXPLAIN and PROFILE', () => {
  let graph: GraphFixture
  before(async () => {
    graph = await GraphFixture.open()
    await graph.write('UNWIND range(1, 20) AS i CREATE (:P {i: i, name: toString(i)})')
    await graph.write('CREATE INDEX p_i FOR (p:P) ON (p.i)')
  })
  after(() => graph.close())

  it('seeks an index on equality from WHERE or an inline map, naming the index', async () => {
    for (const query of ['EXPLAIN MATCH (p:P) WHERE p.i = 3 RETURN p', 'EXPLAIN MATCH (p:P {i: $i}) RETURN p']) {
      const details = matchDetails((await graph.read(query, { i: 3n })).plan)
      assert.match(details, /^NodeIndexSeek .*p_i/)
    }
  })

  it('seeks a range with an index on <, >, and both', async () => {
    const result = await graph.read('PROFILE MATCH (p:P) WHERE p.i > 17 AND p.i <= 19 RETURN p.i ORDER BY p.i')
    assert.match(matchDetails(result.plan), /^NodeIndexRangeSeek .*p_i/)
    assert.deepEqual(result.rows, [[18n], [19n]])
  })

  it('falls back to a label scan, then to all nodes', async () => {
    assert.match(matchDetails((await graph.read('EXPLAIN MATCH (p:P) WHERE p.name = "3" RETURN p')).plan), /^NodeByLabelScan/)
    assert.match(matchDetails((await graph.read('EXPLAIN MATCH (p) RETURN p')).plan), /^AllNodesScan/)
  })

  it('starts from a node bound by an earlier clause', async () => {
    const plan = (await graph.read('EXPLAIN MATCH (p:P {i: 1}) MATCH (p)-->(q) RETURN q')).plan
    const scans = flatten(plan).filter((operator) => operator.children.length === 0).map((operator) => operator.operator)
    assert.deepEqual(scans.sort(), ['Argument', 'NodeIndexSeek'])
  })

  it('EXPLAIN runs nothing; PROFILE counts the rows each operator produced', async () => {
    const explained = await graph.write('EXPLAIN CREATE (:X)')
    assert.equal(explained.stats.nodesCreated, 0)
    const profiled = await graph.read('PROFILE MATCH (p:P) WHERE p.i = 4 RETURN p.name')
    assert.deepEqual(profiled.rows, [['4']])
    assert.deepEqual(flatten(profiled.plan).map((operator) => [operator.operator, operator.rows]), [
      ['ProduceResults', 1],
      ['Match', 1],
      ['NodeIndexSeek', undefined],
    ])
  })

  it('an index seek answers exactly what a scan answers', async () => {
    const seek = await graph.rows('MATCH (p:P) WHERE p.i >= 5 AND p.i < 8 RETURN p.i ORDER BY p.i')
    const scan = await graph.rows('MATCH (p) WHERE p.i >= 5 AND p.i < 8 RETURN p.i ORDER BY p.i')
    assert.deepEqual(seek, scan)
    assert.deepEqual(seek, [[5n], [6n], [7n]])
  })
})
