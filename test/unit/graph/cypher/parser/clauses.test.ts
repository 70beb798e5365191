import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseCypher, parseSyntax } from '../../../../../src/graph/cypher/parser/index.js'
import { clausesOf, nornicError, shape, syntaxErrorWith } from './cypher-test-support.js'

describe('patterns (openCypher clauses/match)', () => {
  it('reads nodes with labels and properties, and relationships in every direction', () => {
    const [match] = clausesOf(parseCypher('MATCH (a:A:B {k: 1})-[r:T|:U]->(b)<-[:V]-(c)-[]-(d)--(e) RETURN a'))
    assert.ok(match?.kind === 'Match')
    const path = match.pattern.parts[0]?.path
    assert.deepEqual(shape(path?.nodes[0]), {
      kind: 'NodePattern',
      variable: 'a',
      labels: ['A', 'B'],
      properties: { kind: 'MapLiteral', entries: [{ kind: 'MapEntry', key: 'k', value: { kind: 'IntegerLiteral', value: '1n' } }] },
    })
    assert.deepEqual(path?.relationships.map((relationship) => relationship.direction), ['outgoing', 'incoming', 'either', 'either'])
    assert.deepEqual(path?.relationships[0]?.types, ['T', 'U'])
    assert.equal(path?.nodes.length, 5)
  })
  it('reads every form of variable length', () => {
    const lengths = ['*', '*2', '*1..3', '*..3', '*2..'].map((range) => {
      const [match] = clausesOf(parseCypher(`MATCH (a)-[r:T${range}]->(b) RETURN r`))
      assert.ok(match?.kind === 'Match')
      return match.pattern.parts[0]?.path.relationships[0]?.length
    })
    assert.deepEqual(shape(lengths), [{}, { min: 2, max: 2 }, { min: 1, max: 3 }, { max: 3 }, { min: 2 }])
  })
  it('rejects a range without a star or with a negative bound', () => {
    assert.throws(() => parseCypher('MATCH (a)-[:LIKES..]->(c) RETURN c'), syntaxErrorWith('InvalidRelationshipPattern'))
    assert.throws(() => parseCypher('MATCH (a)-[:LIKES*-2]->(c) RETURN c'), syntaxErrorWith('InvalidRelationshipPattern'))
  })
  it('reads named paths and several comma-separated parts', () => {
    const [match] = clausesOf(parseCypher('MATCH p = (a)-->(b), (c) RETURN p'))
    assert.ok(match?.kind === 'Match')
    assert.deepEqual(match.pattern.parts.map((part) => part.pathVariable), ['p', undefined])
  })
})

describe('clauses', () => {
  it('reads OPTIONAL MATCH, UNWIND, WITH and RETURN with their modifiers', () => {
    const clauses = clausesOf(
      parseCypher('OPTIONAL MATCH (n) UNWIND [1] AS x WITH DISTINCT n, x ORDER BY x DESC SKIP 1 LIMIT 2 WHERE x > 0 RETURN n.name AS name, x ORDER BY name ASCENDING'),
    )
    assert.deepEqual(clauses.map((clause) => clause.kind), ['Match', 'Unwind', 'With', 'Return'])
    const [match, , withClause, returnClause] = clauses
    assert.ok(match?.kind === 'Match' && match.optional)
    assert.ok(withClause?.kind === 'With' && withClause.projection.distinct && withClause.where !== undefined)
    assert.deepEqual(shape(withClause.projection.orderBy), [{ kind: 'SortItem', expression: { kind: 'Variable', name: 'x' }, descending: true }])
    assert.deepEqual(shape([withClause.projection.skip, withClause.projection.limit]), [
      { kind: 'IntegerLiteral', value: '1n' },
      { kind: 'IntegerLiteral', value: '2n' },
    ])
    assert.ok(returnClause?.kind === 'Return')
    assert.deepEqual(returnClause.projection.items.map((item) => [item.name, item.aliased]), [['name', true], ['x', false]])
  })
  it('names an unaliased column after its source text', () => {
    const [, returnClause] = clausesOf(parseCypher('MATCH (n) RETURN  n.name ,count( * )'))
    assert.ok(returnClause?.kind === 'Return')
    assert.deepEqual(returnClause.projection.items.map((item) => item.name), ['n.name', 'count( * )'])
  })
  it('expands RETURN * into the variables in scope, sorted, before the explicit items', () => {
    const [, returnClause] = clausesOf(parseCypher('MATCH (b)-[r]->(a) RETURN *, 1 AS one'))
    assert.ok(returnClause?.kind === 'Return' && returnClause.projection.star)
    assert.deepEqual(returnClause.projection.items.map((item) => item.name), ['a', 'b', 'r', 'one'])
  })
  it('reads CREATE and MERGE with ON CREATE / ON MATCH', () => {
    const [create, merge] = clausesOf(parseCypher("CREATE (a:A)-[:T]->(b) MERGE (a)-[:U]->(c) ON CREATE SET c.x = 1 ON MATCH SET c.y = 2, c:L ON CREATE SET c += {z: 3}"))
    assert.ok(create?.kind === 'Create')
    assert.ok(merge?.kind === 'Merge')
    assert.deepEqual(merge.onCreate.map((item) => item.kind), ['SetProperty', 'SetVariable'])
    assert.deepEqual(merge.onMatch.map((item) => item.kind), ['SetProperty', 'SetLabels'])
  })
  it('reads every SET and REMOVE item', () => {
    const [, set, remove] = clausesOf(parseCypher('MATCH (n) SET n.a = 1, n = {b: 2}, n += {c: 3}, n:A:B, (n).d = 4 REMOVE n.a, n:A'))
    assert.ok(set?.kind === 'Set' && remove?.kind === 'Remove')
    assert.deepEqual(shape(set.items.map((item) => ({ ...item, value: undefined }))), [
      { kind: 'SetProperty', target: { kind: 'Variable', name: 'n' }, key: 'a' },
      { kind: 'SetVariable', variable: 'n', merge: false },
      { kind: 'SetVariable', variable: 'n', merge: true },
      { kind: 'SetLabels', variable: 'n', labels: ['A', 'B'] },
      { kind: 'SetProperty', target: { kind: 'Variable', name: 'n' }, key: 'd' },
    ])
    assert.deepEqual(shape(remove.items), [
      { kind: 'RemoveProperty', target: { kind: 'Variable', name: 'n' }, key: 'a' },
      { kind: 'RemoveLabels', variable: 'n', labels: ['A'] },
    ])
  })
  it('reads DELETE and DETACH DELETE', () => {
    const [, plain, detached] = clausesOf(parseCypher('MATCH (n)-[r]->() DELETE r DETACH DELETE n'))
    assert.deepEqual([plain?.kind === 'Delete' && plain.detach, detached?.kind === 'Delete' && detached.detach], [false, true])
  })
  it('reads UNION and UNION ALL, and rejects mixing them', () => {
    const union = parseCypher('RETURN 1 AS a UNION RETURN 2 AS a UNION RETURN 3 AS a')
    assert.ok(union.body.kind === 'UnionQuery' && !union.body.all && union.body.parts.length === 3)
    const all = parseCypher('RETURN 1 AS a UNION ALL RETURN 2 AS a')
    assert.ok(all.body.kind === 'UnionQuery' && all.body.all)
    assert.throws(() => parseCypher('RETURN 1 AS a UNION RETURN 2 AS a UNION ALL RETURN 3 AS a'), syntaxErrorWith('InvalidClauseComposition'))
  })
  it('records an EXPLAIN or PROFILE prefix and accepts a trailing semicolon', () => {
    assert.equal(parseCypher('EXPLAIN MATCH (n) RETURN n;').prefix, 'EXPLAIN')
    assert.equal(parseCypher('profile RETURN 1').prefix, 'PROFILE')
    assert.equal(parseCypher('RETURN 1').prefix, undefined)
  })
})

describe('schema commands', () => {
  it('reads CREATE INDEX with and without a name and IF NOT EXISTS', () => {
    assert.deepEqual(shape(parseCypher('CREATE INDEX idx IF NOT EXISTS FOR (n:Person) ON (n.name, n.age)').body), {
      kind: 'CreateIndex',
      name: 'idx',
      ifNotExists: true,
      label: 'Person',
      properties: ['name', 'age'],
    })
    assert.deepEqual(shape(parseCypher('create index for (n:P) on (n.x)').body), { kind: 'CreateIndex', ifNotExists: false, label: 'P', properties: ['x'] })
  })
  it('reads CREATE CONSTRAINT ... REQUIRE n.p IS UNIQUE', () => {
    assert.deepEqual(shape(parseCypher('CREATE CONSTRAINT c1 FOR (n:P) REQUIRE n.email IS UNIQUE').body), {
      kind: 'CreateConstraint',
      name: 'c1',
      ifNotExists: false,
      label: 'P',
      property: 'email',
    })
  })
  it('reads DROP and SHOW commands', () => {
    assert.deepEqual(shape(parseCypher('DROP INDEX idx IF EXISTS').body), { kind: 'DropIndex', name: 'idx', ifExists: true })
    assert.deepEqual(shape(parseCypher('DROP CONSTRAINT c1').body), { kind: 'DropConstraint', name: 'c1', ifExists: false })
    assert.deepEqual(shape(parseCypher('SHOW INDEXES').body), { kind: 'ShowIndexes' })
    assert.deepEqual(shape(parseCypher('SHOW CONSTRAINTS').body), { kind: 'ShowConstraints' })
  })
  it('rejects index kinds and constraint kinds nornic does not have', () => {
    const unsupported = nornicError('Neo.ClientError.Statement.FeatureNotSupported')
    assert.throws(() => parseCypher('CREATE TEXT INDEX FOR (n:P) ON (n.x)'), unsupported)
    assert.throws(() => parseCypher('CREATE CONSTRAINT FOR (n:P) REQUIRE n.x IS NOT NULL'), unsupported)
    assert.throws(() => parseCypher('CREATE INDEX FOR ()-[r:T]-() ON (r.x)'), unsupported)
  })
  it('parses without the semantic pass when asked', () => {
    assert.equal(parseSyntax('RETURN undefinedVariable').body.kind, 'SingleQuery')
  })
})
