import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { GraphFixture } from './graph-fixture.js'

/** a -> b -> c -> d, a -> c, and a loop on d; all :P, a and b also :Q. */
describe('MATCH (openCypher clauses/match)', () => {
  let graph: GraphFixture
  before(async () => {
    graph = await GraphFixture.open()
    await graph.write(`
      CREATE (a:P:Q {name: 'a', n: 1}), (b:P:Q {name: 'b', n: 2}), (c:P {name: 'c', n: 3}), (d:P {name: 'd', n: 4}),
             (a)-[:R {w: 1}]->(b), (b)-[:R {w: 2}]->(c), (c)-[:R {w: 3}]->(d), (a)-[:S]->(c), (d)-[:L]->(d)`)
  })
  after(() => graph.close())

  it('scans a label and filters with WHERE', async () => {
    assert.deepEqual(await graph.rows('MATCH (n:Q) WHERE n.n > 1 RETURN n.name'), [['b']])
    assert.deepEqual(await graph.rows('MATCH (n) RETURN count(n)'), [[4n]])
  })

  it('follows relationships in either direction and by type', async () => {
    assert.deepEqual(await graph.rows("MATCH (x {name: 'c'})<-[:R]-(y) RETURN y.name"), [['b']])
    assert.deepEqual(await graph.rows("MATCH (x {name: 'c'})-[:R|S]-(y) RETURN y.name ORDER BY y.name"), [['a'], ['b'], ['d']])
    assert.deepEqual(await graph.rows("MATCH ({name: 'a'})-[r {w: 1}]->(y) RETURN type(r), y.name"), [['R', 'b']])
  })

  it('yields a self-loop once when the direction is either', async () => {
    assert.deepEqual(await graph.rows('MATCH (x)-[:L]-(y) RETURN x.name, y.name'), [['d', 'd']])
  })

  it('matches chains and never uses one relationship twice in a pattern (trail semantics)', async () => {
    assert.deepEqual(await graph.rows("MATCH (x {name: 'a'})-->()-->(z) RETURN z.name ORDER BY z.name"), [['c'], ['d']])
    assert.deepEqual(await graph.rows('MATCH ()-[r1]-()-[r2]-() WHERE r1 = r2 RETURN count(*)'), [[0n]])
  })

  it('matches variable-length relationships, bounded and unbounded', async () => {
    assert.deepEqual(await graph.rows("MATCH ({name: 'a'})-[:R*2]->(z) RETURN z.name"), [['c']])
    assert.deepEqual(await graph.rows("MATCH ({name: 'a'})-[:R*]->(z) RETURN z.name ORDER BY z.name"), [['b'], ['c'], ['d']])
    assert.deepEqual(await graph.rows("MATCH ({name: 'a'})-[*0..1]->(z) RETURN z.name ORDER BY z.name"), [['a'], ['b'], ['c']])
    assert.deepEqual(await graph.rows("MATCH ({name: 'd'})<-[rs:R*2..]-(z) RETURN z.name, size(rs) ORDER BY z.name"), [['a', 3n], ['b', 2n]])
  })

  it('binds named paths in pattern order whichever way they were walked', async () => {
    const rows = await graph.rows("MATCH p = (x)-[:R*2]->(z {name: 'd'}) RETURN [n IN nodes(p) | n.name], length(p)")
    assert.deepEqual(rows, [[['b', 'c', 'd'], 2n]])
    const reversed = await graph.rows("MATCH p = (z {name: 'd'})<-[:R]-(y) RETURN [n IN nodes(p) | n.name]")
    assert.deepEqual(reversed, [[['d', 'c']]])
    // The end is bound, so matching walks the chain right to left; the path still reads left to right.
    const walkedBackwards = await graph.rows(
      "MATCH (x {name: 'd'}) MATCH p = (y)-[:R*2]->(x) RETURN [n IN nodes(p) | n.name], [r IN relationships(p) | r.w]",
    )
    assert.deepEqual(walkedBackwards, [[['b', 'c', 'd'], [2n, 3n]]])
  })

  it('joins comma-separated parts on shared variables and forms products otherwise', async () => {
    assert.deepEqual(await graph.rows("MATCH (x {name: 'a'})-->(y), (y)-->(z) RETURN y.name, z.name ORDER BY y.name"), [['b', 'c'], ['c', 'd']])
    assert.deepEqual(await graph.rows('MATCH (x:Q), (y:Q) RETURN count(*)'), [[4n]])
  })

  it('OPTIONAL MATCH keeps the row with nulls when nothing matches', async () => {
    const rows = await graph.rows('MATCH (x:P) OPTIONAL MATCH (x)-[:S]->(y) RETURN x.name, y.name ORDER BY x.name')
    assert.deepEqual(rows, [['a', 'c'], ['b', null], ['c', null], ['d', null]])
  })

  it('evaluates pattern predicates in WHERE', async () => {
    assert.deepEqual(await graph.rows('MATCH (x:P) WHERE NOT (x)-->() RETURN x.name'), [])
    assert.deepEqual(await graph.rows('MATCH (x:P) WHERE (x)-[:S]->() RETURN x.name'), [['a']])
    assert.deepEqual(await graph.rows('MATCH (x:P) WHERE exists((x)<-[:S]-()) RETURN x.name'), [['c']])
  })

  it('builds lists with pattern comprehensions', async () => {
    const rows = await graph.rows("MATCH (x {name: 'a'}) RETURN [(x)-->(y) | y.name] AS names")
    assert.deepEqual(rows.map(([names]) => (names as string[]).sort()), [['b', 'c']])
  })
})
