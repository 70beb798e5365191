import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { NornicError } from '../../../../../src/errors/index.js'
import { GraphFixture } from './graph-fixture.js'

function hasCode(code: string) {
  return (error: unknown) => error instanceof NornicError && error.code === code
}

describe('CREATE, MERGE, SET, REMOVE, DELETE (openCypher clauses/create, merge, set, remove, delete)', () => {
  let graph: GraphFixture
  beforeEach(async () => {
    graph = await GraphFixture.open()
  })
  afterEach(() => graph.close())

  it('creates nodes and relationships and counts them', async () => {
    const result = await graph.write("CREATE (a:A {name: 'a'})-[:R {w: 1}]->(b:B {name: 'b', none: null})<-[:R]-(a)")
    assert.equal(result.stats.nodesCreated, 2)
    assert.equal(result.stats.relationshipsCreated, 2)
    assert.equal(result.stats.propertiesSet, 3)
    assert.equal(result.stats.labelsAdded, 2)
    assert.deepEqual(await graph.rows('MATCH (a:A)-[r:R]->(b:B) RETURN a.name, b.name, r.w ORDER BY r.w'), [['a', 'b', 1n], ['a', 'b', null]])
  })

  it('creates once per input row', async () => {
    const result = await graph.write('UNWIND range(1, 5) AS i CREATE (:N {i: i})')
    assert.equal(result.stats.nodesCreated, 5)
    assert.deepEqual(await graph.rows('MATCH (n:N) RETURN sum(n.i)'), [[15n]])
  })

  it('does not let MATCH see what a later CREATE in the same statement makes', async () => {
    await graph.write('CREATE (:N), (:N)')
    const result = await graph.write('MATCH (n:N) CREATE (:N)')
    assert.equal(result.stats.nodesCreated, 2)
  })

  it('still writes when LIMIT drops every row', async () => {
    const result = await graph.write('CREATE (n:N) RETURN n LIMIT 0')
    assert.equal(result.rows.length, 0)
    assert.equal(result.stats.nodesCreated, 1)
  })

  it('creates for every row of a statement that never reads the graph, even past LIMIT', async () => {
    const result = await graph.write('UNWIND range(1, 3) AS i CREATE (n:N {i: i}) SET n.j = i * 2 RETURN n.j LIMIT 1')
    assert.deepEqual(result.rows, [[2n]])
    assert.equal(result.stats.nodesCreated, 3)
    assert.deepEqual(await graph.rows('MATCH (n:N) RETURN sum(n.j)'), [[12n]])
  })

  it('refuses maps as property values', async () => {
    await assert.rejects(graph.write('CREATE ({m: {a: 1}})'), hasCode('Neo.ClientError.Statement.TypeError'))
  })

  it('MERGE matches what exists and creates what does not, with ON MATCH and ON CREATE', async () => {
    const first = await graph.write("MERGE (n:U {name: 'x'}) ON CREATE SET n.created = true ON MATCH SET n.matched = true RETURN n.created, n.matched")
    assert.deepEqual(first.rows, [[true, null]])
    const second = await graph.write("MERGE (n:U {name: 'x'}) ON CREATE SET n.created = false ON MATCH SET n.matched = true RETURN n.created, n.matched")
    assert.deepEqual(second.rows, [[true, true]])
    assert.equal(second.stats.nodesCreated, 0)
  })

  it('MERGE sees the nodes it created for earlier rows', async () => {
    const result = await graph.write("UNWIND ['a', 'a', 'b'] AS name MERGE (:U {name: name})")
    assert.equal(result.stats.nodesCreated, 2)
  })

  it('MERGE creates a missing relationship between bound nodes', async () => {
    await graph.write("CREATE (:U {name: 'a'}), (:U {name: 'b'})")
    const query = "MATCH (a:U {name: 'a'}), (b:U {name: 'b'}) MERGE (a)-[r:K]->(b) RETURN type(r)"
    assert.equal((await graph.write(query)).stats.relationshipsCreated, 1)
    assert.equal((await graph.write(query)).stats.relationshipsCreated, 0)
  })

  it('SET changes properties, maps and labels; later clauses see the change', async () => {
    await graph.write("CREATE (:U {name: 'a', old: 1})")
    const set = await graph.write("MATCH (n:U) SET n.x = 1, n:V RETURN n.x, labels(n)")
    assert.deepEqual(set.rows, [[1n, ['U', 'V']]])
    await graph.write("MATCH (n:U) SET n += {y: 2, x: null}")
    assert.deepEqual(await graph.rows('MATCH (n:U) RETURN properties(n)'), [[{ name: 'a', old: 1n, y: 2n }]])
    await graph.write("MATCH (n:U) SET n = {only: true}")
    assert.deepEqual(await graph.rows('MATCH (n:U) RETURN properties(n)'), [[{ only: true }]])
  })

  it('SET on null (an OPTIONAL MATCH that found nothing) does nothing', async () => {
    const result = await graph.write('OPTIONAL MATCH (n:Missing) SET n.x = 1 RETURN n')
    assert.deepEqual(result.rows, [[null]])
    assert.equal(result.stats.propertiesSet, 0)
  })

  it('REMOVE drops properties and labels', async () => {
    await graph.write("CREATE (:U:V {name: 'a', x: 1})")
    const result = await graph.write('MATCH (n:U) REMOVE n.x, n:V RETURN n.x, labels(n)')
    assert.deepEqual(result.rows, [[null, ['U']]])
    assert.equal(result.stats.labelsRemoved, 1)
    assert.equal(result.stats.propertiesSet, 1)
  })

  it('DELETE refuses a node with relationships; DETACH DELETE removes them too', async () => {
    await graph.write('CREATE (:A)-[:R]->(:B)')
    await assert.rejects(graph.write('MATCH (a:A) DELETE a'), hasCode('Neo.ClientError.Schema.ConstraintValidationFailed'))
    const result = await graph.write('MATCH (a:A) DETACH DELETE a')
    assert.equal(result.stats.nodesDeleted, 1)
    assert.equal(result.stats.relationshipsDeleted, 1)
    assert.deepEqual(await graph.db.counts(), { nodes: 1, relationships: 0 })
  })

  it('DELETE of a node and its relationships works whatever order the rows come in', async () => {
    await graph.write('CREATE (a:A)-[:R]->(:B), (a)-[:R]->(:C)')
    const result = await graph.write('MATCH (a:A)-[r]->() DELETE a, r')
    assert.equal(result.stats.nodesDeleted, 1)
    assert.equal(result.stats.relationshipsDeleted, 2)
  })

  it('a failing statement leaves nothing behind: the command is atomic', async () => {
    await assert.rejects(graph.write('CREATE (:N) WITH 1 AS x RETURN 1 / 0'), hasCode('Neo.ClientError.Statement.ArithmeticError'))
    assert.deepEqual(await graph.db.counts(), { nodes: 0, relationships: 0 })
  })

  it('reads the command timestamp in timestamp()', async () => {
    const result = await graph.write('CREATE (n {at: timestamp()}) RETURN n.at')
    assert.deepEqual(result.rows, [[1_001n]])
  })
})
