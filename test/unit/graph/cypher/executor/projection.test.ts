import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { NornicError } from '../../../../../src/errors/index.js'
import { GraphFixture } from './graph-fixture.js'

function hasCode(code: string) {
  return (error: unknown) => error instanceof NornicError && error.code === code
}

describe('WITH, RETURN, aggregation, ORDER BY, SKIP, LIMIT, UNION (openCypher clauses/return, with, union)', () => {
  let graph: GraphFixture
  before(async () => {
    graph = await GraphFixture.open()
    await graph.write(`UNWIND [['x', 1], ['x', 2], ['y', 3], ['z', null]] AS pair CREATE (:T {group: pair[0], v: pair[1]})`)
  })
  after(() => graph.close())

  it('groups by the non-aggregate items', async () => {
    const rows = await graph.rows('MATCH (t:T) RETURN t.group AS g, count(*) AS rows, count(t.v) AS values, sum(t.v) AS total ORDER BY g')
    assert.deepEqual(rows, [['x', 2n, 2n, 3n], ['y', 1n, 1n, 3n], ['z', 1n, 0n, 0n]])
  })

  it('aggregates over no rows without grouping keys to one row', async () => {
    assert.deepEqual(await graph.rows('MATCH (n:Missing) RETURN count(n), collect(n), max(n.v)'), [[0n, [], null]])
    assert.deepEqual(await graph.rows('MATCH (n:Missing) RETURN n.v, count(n)'), [])
  })

  it('supports DISTINCT inside aggregates and on rows', async () => {
    assert.deepEqual(await graph.rows('MATCH (t:T) RETURN count(DISTINCT t.group)'), [[3n]])
    assert.deepEqual(await graph.rows('MATCH (t:T) RETURN DISTINCT t.group ORDER BY t.group DESC'), [['z'], ['y'], ['x']])
  })

  it('computes expressions around aggregates', async () => {
    assert.deepEqual(await graph.rows('MATCH (t:T) RETURN count(*) * 10 + 1 AS x'), [[41n]])
  })

  it('orders with nulls last ascending and first descending, then skips and limits', async () => {
    assert.deepEqual(await graph.rows('MATCH (t:T) RETURN t.v ORDER BY t.v'), [[1n], [2n], [3n], [null]])
    assert.deepEqual(await graph.rows('MATCH (t:T) RETURN t.v ORDER BY t.v DESC SKIP 1 LIMIT 2'), [[3n], [2n]])
    assert.deepEqual(await graph.rows('MATCH (t:T) RETURN t.v AS v ORDER BY t.group, v DESC LIMIT $n', { n: 2n }), [[2n], [1n]])
  })

  it('lets ORDER BY read variables the projection dropped, unless it aggregates', async () => {
    assert.deepEqual(await graph.rows('MATCH (t:T) WHERE t.v IS NOT NULL RETURN t.group ORDER BY t.v DESC'), [['y'], ['x'], ['x']])
  })

  it('scopes variables through WITH and filters with its WHERE', async () => {
    const rows = await graph.rows('MATCH (t:T) WITH t.group AS g, count(*) AS c WHERE c > 1 RETURN g, c')
    assert.deepEqual(rows, [['x', 2n]])
  })

  it('unwinds lists, skipping null and empty lists', async () => {
    assert.deepEqual(await graph.rows('UNWIND [1, 2] AS x UNWIND [] AS y RETURN x'), [])
    assert.deepEqual(await graph.rows('UNWIND null AS x RETURN x'), [])
    assert.deepEqual(await graph.rows('WITH [1, [2, 3]] AS l UNWIND l AS x RETURN x'), [[1n], [[2n, 3n]]])
  })

  it('unions parts, removing duplicates unless ALL', async () => {
    assert.deepEqual(await graph.rows('RETURN 1 AS x UNION RETURN 1 AS x'), [[1n]])
    assert.deepEqual(await graph.rows('RETURN 1 AS x UNION ALL RETURN 1 AS x'), [[1n], [1n]])
  })

  it('rejects a negative LIMIT', async () => {
    await assert.rejects(graph.read('RETURN 1 LIMIT -1'), hasCode('Neo.ClientError.Statement.SyntaxError'))
  })

  it('follows three-valued logic', async () => {
    const rows = await graph.rows('RETURN null AND false, null AND true, null OR true, null OR false, NOT null, null XOR true, null = null, 1 IN [null, 1], 2 IN [null, 1]')
    assert.deepEqual(rows, [[false, null, true, null, null, null, null, true, null]])
  })

  it('raises ArithmeticError on integer overflow and division by zero', async () => {
    await assert.rejects(graph.read('RETURN 9223372036854775807 + 1'), hasCode('Neo.ClientError.Statement.ArithmeticError'))
    await assert.rejects(graph.read('RETURN 1 / 0'), hasCode('Neo.ClientError.Statement.ArithmeticError'))
  })

  it('raises ParameterMissing for an absent parameter', async () => {
    await assert.rejects(graph.read('RETURN $nope'), hasCode('Neo.ClientError.Statement.ParameterMissing'))
  })

  it('keeps a map key named __proto__ as an ordinary key', async () => {
    const map = (await graph.read('RETURN {__proto__: 1, a: 2} AS m')).rows[0]?.[0]
    assert.deepEqual(Object.keys(map as object), ['__proto__', 'a'])
    assert.equal(Object.getPrototypeOf(map), Object.prototype)
  })

  it('evaluates CASE, comprehensions, quantifiers, reduce and map projections', async () => {
    const rows = await graph.rows(`
      WITH [1, 2, 3] AS l, {a: 1, b: 'x'} AS m
      RETURN CASE WHEN size(l) > 2 THEN 'big' ELSE 'small' END,
             [x IN l WHERE x > 1 | x * 10],
             all(x IN l WHERE x > 0), single(x IN l WHERE x = 2), none(x IN l WHERE x > 5),
             reduce(s = 0, x IN l | s + x),
             m {.a, c: 3}`)
    assert.deepEqual(rows, [['big', [20n, 30n], true, true, true, 6n, { a: 1n, c: 3n }]])
  })
})
