import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { isNornicError } from '../../../../../src/errors/index.js'
import { parseCypher } from '../../../../../src/graph/cypher/parser/index.js'
import { NESTING_DEPTH_MAX } from '../../../../../src/graph/cypher/parser/cursor.js'
import { nornicError } from './cypher-test-support.js'

/** Pieces of Cypher glued together at random: mostly nonsense, sometimes a valid query. */
const FRAGMENTS = [
  'MATCH', 'OPTIONAL', 'RETURN', 'WITH', 'WHERE', 'CREATE', 'MERGE', 'ON', 'SET', 'DELETE', 'DETACH', 'UNWIND', 'AS',
  'UNION', 'ALL', 'ORDER', 'BY', 'SKIP', 'LIMIT', 'DISTINCT', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'NOT', 'AND', 'OR',
  'IN', 'IS', 'NULL', 'STARTS', 'ENDS', 'CONTAINS', 'count', 'reduce', 'any', 'exists', 'INDEX', 'CONSTRAINT', 'FOR',
  '(', ')', '[', ']', '{', '}', ',', '.', '..', ':', '|', '-', '->', '<-', '--', '*', '+', '=', '<>', '<=', '=~', '^',
  'n', 'm', 'r', 'p', 'x', '`q q`', '$p', '$0', '1', '0x1F', '1.5e3', "'s'", '"t\\n"', 'true', '/* c */', '// c\n',
]

function soup(pieces: readonly string[]): string {
  return pieces.join(' ')
}

describe('the parser is total: any text gives a tree or a NornicError', () => {
  it('never throws anything else on random fragments (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }), (pieces) => {
        const text = soup(pieces)
        try {
          parseCypher(text)
        } catch (error) {
          assert.ok(isNornicError(error), `${text}\n  threw ${String(error)}`)
          const { line, column } = error.facts as { line?: number; column?: number }
          if (line !== undefined) assert.ok(line >= 1 && column !== undefined && column >= 1, text)
        }
      }),
      { numRuns: 2000, seed: 20261123 },
    )
  })
  it('never throws anything else on random characters (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          parseCypher(text)
        } catch (error) {
          assert.ok(isNornicError(error), `${JSON.stringify(text)}\n  threw ${String(error)}`)
        }
      }),
      { numRuns: 2000, seed: 20261123 },
    )
  })
  it('refuses nesting beyond the limit as a syntax error, not a stack overflow', () => {
    const depth = NESTING_DEPTH_MAX + 10
    const wrappers: readonly (readonly [string, string])[] = [['(', ')'], ['[', ']'], ['-', ''], ['NOT ', '']]
    for (const [open, close] of wrappers) {
      const text = `RETURN ${open.repeat(depth)}true${close.repeat(depth)}`
      assert.throws(() => parseCypher(text), nornicError('Neo.ClientError.Statement.SyntaxError'), open)
    }
    assert.doesNotThrow(() => parseCypher(`RETURN ${'['.repeat(100)}1${']'.repeat(100)} AS deep`))
  })
  it('refuses an operator chain too long to walk as a syntax error', () => {
    const text = `RETURN ${Array(50_000).fill('1').join(' + ')} AS sum`
    assert.throws(() => parseCypher(text), nornicError('Neo.ClientError.Statement.SyntaxError'))
    assert.doesNotThrow(() => parseCypher(`RETURN ${Array(500).fill('1').join(' + ')} AS sum`))
  })
})
