import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseCypher } from '../../../../../src/graph/cypher/parser/index.js'
import { nornicError } from './cypher-test-support.js'

const syntaxError = 'Neo.ClientError.Statement.SyntaxError'
const unsupported = 'Neo.ClientError.Statement.FeatureNotSupported'

describe('syntax errors point at the culprit', () => {
  it('names what was expected and found, with line and column', () => {
    assert.throws(
      () => parseCypher('MATCH (n)\nRETURN n.'),
      (error: unknown) =>
        nornicError(syntaxError, { line: 2, column: 10, offset: 19, detail: 'UnexpectedSyntax' })(error) &&
        /Invalid input end of input: expected a property key \(line 2, column 10\)/.test((error as Error).message),
    )
  })
  it('reports a missing closing parenthesis where the next token stands', () => {
    assert.throws(() => parseCypher('MATCH (n RETURN n'), nornicError(syntaxError, { line: 1, column: 10 }))
  })
  it('counts columns from the start of the line, after comments', () => {
    assert.throws(() => parseCypher('/* one\ntwo */ MATCH (n) RETURN n n'), nornicError(syntaxError, { line: 2, column: 27 }))
  })
  it('rejects unterminated strings, comments and quoted names at their start', () => {
    assert.throws(() => parseCypher("RETURN 'abc"), nornicError(syntaxError, { column: 8 }))
    assert.throws(() => parseCypher('RETURN 1 /* never closed'), nornicError(syntaxError, { column: 10 }))
    assert.throws(() => parseCypher('RETURN `abc'), nornicError(syntaxError, { column: 8 }))
  })
  it('rejects an unknown character, naming non-ASCII ones as such', () => {
    assert.throws(() => parseCypher('RETURN 9223372#54775808'), nornicError(syntaxError, { detail: 'UnexpectedSyntax', column: 15 }))
    assert.throws(() => parseCypher('RETURN 42 — 41'), nornicError(syntaxError, { detail: 'InvalidUnicodeCharacter' }))
  })
  it('rejects an empty statement and trailing garbage', () => {
    assert.throws(() => parseCypher(''), nornicError(syntaxError, { line: 1, column: 1 }))
    assert.throws(() => parseCypher('RETURN 1 2'), nornicError(syntaxError, { column: 10 }))
  })
})

describe('features outside the subset are named, never parsed wrongly', () => {
  const cases: [string, string][] = [
    ['CALL db.labels()', 'CALL procedures'],
    ['CALL { RETURN 1 AS x } RETURN x', 'CALL { ... } subqueries'],
    ['MATCH (n) WHERE EXISTS { MATCH (n)-->() } RETURN n', 'EXISTS { ... } subqueries'],
    ['MATCH (n) RETURN COUNT { (n)-->() } AS c', 'COUNT { ... } subqueries'],
    ['FOREACH (x IN [1] | CREATE ())', 'FOREACH'],
    ["LOAD CSV FROM 'file:///x' AS row RETURN row", 'LOAD CSV'],
    ['USE neo4j MATCH (n) RETURN n', 'USE'],
    ['MATCH p = shortestPath((a)-[*]-(b)) RETURN p', 'shortestPath()'],
    ['MATCH (n:A|B) RETURN n', 'Label expressions'],
  ]
  for (const [text, feature] of cases) {
    it(`${feature}: ${text}`, () => {
      assert.throws(() => parseCypher(text), nornicError(unsupported, { feature }))
    })
  }
})
