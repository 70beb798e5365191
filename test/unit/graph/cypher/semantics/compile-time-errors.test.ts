import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseCypher } from '../../../../../src/graph/cypher/parser/index.js'
import { nornicError } from '../parser/cypher-test-support.js'

/**
 * One rule per openCypher error detail: a query that breaks it (and must fail with that
 * detail) next to a close one that keeps it (and must pass). Sources are the TCK features.
 */
interface Rule {
  readonly detail: string
  readonly source: string
  readonly failing: readonly string[]
  readonly passing: readonly string[]
  readonly code?: string
}

const rules: readonly Rule[] = [
  {
    detail: 'UndefinedVariable',
    source: 'clauses/return/Return1, expressions/pattern/Pattern1',
    failing: ['MATCH () RETURN foo', 'MATCH (n) WHERE (n)-[r]->(a) RETURN n', 'MATCH (a) WITH a.x AS x RETURN a', 'MERGE (n) ON CREATE SET x.num = 1'],
    passing: ['MATCH (foo) RETURN foo', 'MATCH (n), (a) WHERE (n)-[]->(a) RETURN n', 'MATCH (a) WITH a.x AS x RETURN x', 'MERGE (n) ON CREATE SET n.num = 1'],
  },
  {
    detail: 'VariableAlreadyBound',
    source: 'clauses/create/Create1, clauses/merge/Merge1, clauses/match/Match6',
    failing: ['MATCH (a) CREATE (a)', "MATCH (a) CREATE (a {name: 'foo'})", 'MATCH (a) MERGE (a)', 'MATCH p = (p)-->() RETURN p', 'MATCH ()-[r]->() CREATE ()-[r]->()'],
    passing: ['MATCH (a) CREATE (a)-[:T]->()', 'CREATE (a) MERGE (a)-[:T]->(b)', 'MATCH p = (q)-->() RETURN p'],
  },
  {
    detail: 'VariableTypeConflict',
    source: 'clauses/match/Match1, Match2, Match3',
    failing: ['MATCH ()-[r]-() MATCH (r) RETURN r', 'MATCH (r) MATCH ()-[r]-() RETURN r', 'MATCH (n) WITH [n] AS users MATCH (users)-->(m) RETURN m'],
    passing: ['MATCH ()-[r]-() MATCH ()-[r]-() RETURN r', 'MATCH (n) WITH n AS users MATCH (users)-->(m) RETURN m'],
  },
  {
    detail: 'RelationshipUniquenessViolation',
    source: 'clauses/match/Match3',
    failing: ['MATCH (a)-[r]->()-[r]->(a) RETURN r'],
    passing: ['MATCH (a)-[r]->()-[s]->(a) RETURN r'],
  },
  {
    detail: 'NoSingleRelationshipType',
    source: 'clauses/create/Create2, clauses/merge/Merge5',
    failing: ['CREATE ()-->()', 'CREATE ()-[:A|:B]->()', 'MATCH (a), (b) MERGE (a)-[NO_COLON]->(b)'],
    passing: ['CREATE ()-[:A]->()', 'MATCH (a), (b) MERGE (a)-[:T]->(b)'],
  },
  {
    detail: 'RequiresDirectedRelationship',
    source: 'clauses/create/Create2',
    failing: ['CREATE (a)-[:FOO]-(b)', 'CREATE (a)<-[:FOO]->(b)'],
    passing: ['CREATE (a)<-[:FOO]-(b)', 'MATCH (a), (b) MERGE (a)-[:FOO]-(b)'],
  },
  {
    detail: 'CreatingVarLength',
    source: 'clauses/create/Create2',
    failing: ['CREATE ()-[:FOO*2]->()'],
    passing: ['MATCH ()-[:FOO*2]->() RETURN 1 AS one'],
  },
  {
    detail: 'InvalidParameterUse',
    source: 'clauses/match/Match1, clauses/merge/Merge1',
    failing: ['MATCH (n $param) RETURN n', 'MERGE (n $param) RETURN n'],
    passing: ['CREATE (n $param) RETURN n', 'MATCH (n {k: $param}) RETURN n'],
  },
  {
    detail: 'InvalidAggregation',
    source: 'clauses/match-where/MatchWhere1, clauses/return-orderby/ReturnOrderBy2, expressions/list/List12',
    failing: ['MATCH (a) WHERE count(a) > 10 RETURN a', 'MATCH (n) RETURN n.num1 ORDER BY max(n.num2)', 'MATCH (n) RETURN [x IN [1, 2] | count(*)]'],
    passing: ['MATCH (a) WITH count(a) AS c WHERE c > 10 RETURN c', 'MATCH (n) RETURN n.num1, max(n.num2) ORDER BY max(n.num2)'],
  },
  {
    detail: 'NestedAggregation',
    source: 'clauses/return/Return6',
    failing: ['RETURN count(count(*))'],
    passing: ['RETURN count(*)'],
  },
  {
    detail: 'NonConstantExpression',
    source: 'clauses/return/Return6, clauses/return-skip-limit/ReturnSkipLimit1',
    failing: ['RETURN count(rand())', 'MATCH (n) RETURN n SKIP n.count'],
    passing: ['RETURN rand() AS r', 'MATCH (n) RETURN n SKIP $skip LIMIT 1 + 1'],
  },
  {
    detail: 'NegativeIntegerArgument',
    source: 'clauses/return-skip-limit/ReturnSkipLimit1, ReturnSkipLimit2',
    failing: ['MATCH (n) RETURN n SKIP -1', 'MATCH (n) RETURN n LIMIT -1'],
    passing: ['MATCH (n) RETURN n SKIP 0 LIMIT 0'],
  },
  {
    detail: 'AmbiguousAggregationExpression',
    source: 'clauses/return/Return6, clauses/with/With6',
    failing: ['MATCH (me)--(you) RETURN me.age + count(you.age)', 'MATCH (me)--(you) WITH me.age + count(you.age) AS agg RETURN agg'],
    passing: ['MATCH (me)--(you) RETURN me.age, me.age + count(you.age)', 'MATCH (me)--(you) RETURN me, me.age + count(you.age)'],
  },
  {
    detail: 'NoVariablesInScope',
    source: 'clauses/return/Return7',
    failing: ['MATCH () RETURN *'],
    passing: ['MATCH (n) RETURN *', 'MATCH () CREATE () WITH * CREATE ()'],
  },
  {
    detail: 'NoExpressionAlias',
    source: 'clauses/with/With4',
    failing: ['MATCH (a) WITH a, count(*) RETURN a'],
    passing: ['MATCH (a) WITH a, count(*) AS c RETURN a'],
  },
  {
    detail: 'ColumnNameConflict',
    source: 'clauses/return/Return4, clauses/with/With4',
    failing: ['RETURN 1 AS a, 2 AS a', 'WITH 1 AS a, 2 AS a RETURN a'],
    passing: ['RETURN 1 AS a, 2 AS b'],
  },
  {
    detail: 'DifferentColumnsInUnion',
    source: 'clauses/union/Union1, Union2',
    failing: ['RETURN 1 AS a UNION RETURN 2 AS b', 'RETURN 1 AS a UNION ALL RETURN 2 AS b'],
    passing: ['RETURN 1 AS a UNION RETURN 2 AS a'],
  },
  {
    detail: 'InvalidDelete',
    source: 'clauses/delete/Delete1, Delete2',
    failing: ['MATCH (n) DELETE n:Person'],
    passing: ['MATCH (n:Person) DELETE n'],
  },
  {
    detail: 'InvalidArgumentType',
    source: 'expressions/boolean, expressions/list/List5, expressions/quantifier, expressions/path/Path3',
    failing: [
      'RETURN 123 AND true',
      'RETURN NOT 0',
      'RETURN 1 IN 123',
      "RETURN any(x IN ['Clara'] WHERE x % 2 = 0)",
      'MATCH (n) RETURN length(n)',
      'MATCH (n) WHERE (n) RETURN n',
      'MATCH () DELETE 1 + 1',
      'MATCH (n) RETURN n LIMIT 1.5',
    ],
    passing: ['RETURN null AND true', 'RETURN NOT false', 'RETURN 1 IN [1]', 'RETURN any(x IN [1] WHERE x % 2 = 0)', 'MATCH p = ()-->() RETURN length(p)'],
  },
  {
    detail: 'InvalidArgumentType',
    code: 'Neo.ClientError.Statement.TypeError',
    source: 'expressions/map/Map1, expressions/graph/Graph6',
    failing: ['WITH 123 AS nonMap RETURN nonMap.num', 'WITH [123, true] AS nonMap RETURN nonMap.num'],
    passing: ['WITH {num: 1} AS map RETURN map.num'],
  },
  {
    detail: 'UnexpectedSyntax',
    source: 'expressions/pattern/Pattern1',
    failing: ['MATCH (n) RETURN (n)-[]->()', 'MATCH (a) RETURN size((a)-->())'],
    passing: ['MATCH (n) WHERE exists((n)-->()) RETURN [(n)-->(m) | m] AS ms'],
  },
  {
    detail: 'InvalidClauseComposition',
    source: 'openCypher clause order: RETURN last, no query ending in a reading clause',
    failing: ['RETURN 1 AS a MATCH (n) RETURN n', 'MATCH (n)', 'MATCH (n) WITH n'],
    passing: ['MATCH (n) DELETE n', 'MATCH (n) WITH n RETURN n'],
  },
]

describe('compile-time checks, one openCypher error detail each', () => {
  for (const rule of rules) {
    it(`${rule.detail} (${rule.source})`, () => {
      const matches = nornicError(rule.code ?? 'Neo.ClientError.Statement.SyntaxError', { detail: rule.detail })
      for (const text of rule.failing) assert.throws(() => parseCypher(text), matches, text)
      for (const text of rule.passing) assert.doesNotThrow(() => parseCypher(text), text)
    })
  }

  it('points a semantic error at the offending variable', () => {
    assert.throws(() => parseCypher('MATCH (n)\nRETURN n, missing'), nornicError('Neo.ClientError.Statement.SyntaxError', { line: 2, column: 11, detail: 'UndefinedVariable' }))
  })

  it('lets ORDER BY after DISTINCT repeat a projected expression but nothing else', () => {
    assert.doesNotThrow(() => parseCypher('MATCH (a) RETURN DISTINCT a.name ORDER BY a.name'))
    assert.throws(() => parseCypher('MATCH (a) RETURN DISTINCT a.name ORDER BY a.age'), nornicError('Neo.ClientError.Statement.SyntaxError', { detail: 'UndefinedVariable' }))
  })
})
