import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isWriteQuery } from '../../../../src/graph/cypher/classify.js'
import { parseCypher } from '../../../../src/graph/cypher/parser/index.js'

describe('isWriteQuery: a read never becomes a replicated command', () => {
  it('reads are not writes', () => {
    for (const text of ['MATCH (n) RETURN n', 'RETURN 1 AS a UNION RETURN 2 AS a', 'SHOW INDEXES', 'SHOW CONSTRAINTS', 'EXPLAIN MATCH (n) RETURN n']) {
      assert.equal(isWriteQuery(parseCypher(text)), false, text)
    }
  })
  it('every updating clause and schema change is a write, in any UNION part', () => {
    const writes = [
      'CREATE (n)',
      'MERGE (n:A)',
      'MATCH (n) SET n.x = 1',
      'MATCH (n) REMOVE n:A',
      'MATCH (n) DELETE n',
      'MATCH (n) DETACH DELETE n',
      'RETURN 1 AS a UNION CREATE (n) RETURN 2 AS a',
      'CREATE INDEX FOR (n:A) ON (n.x)',
      'DROP INDEX i',
      'CREATE CONSTRAINT FOR (n:A) REQUIRE n.x IS UNIQUE',
      'DROP CONSTRAINT c',
    ]
    for (const text of writes) assert.equal(isWriteQuery(parseCypher(text)), true, text)
  })
})
