import assert from 'node:assert/strict'
import { isNornicError } from '../../../../../src/errors/index.js'
import type { Clause, Expression, Query, SingleQuery } from '../../../../../src/graph/cypher/ast.js'
import { parseSyntax } from '../../../../../src/graph/cypher/parser/index.js'

/** The tree without positions, so expected shapes stay short. */
export function shape(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, inner: unknown) => {
      if (key === 'position') return undefined
      return typeof inner === 'bigint' ? `${inner}n` : inner
    }),
  )
}

export function clausesOf(query: Query): readonly Clause[] {
  assert.equal(query.body.kind, 'SingleQuery')
  return (query.body as SingleQuery).clauses
}

/** The expression of `RETURN <text>`, parsed without the semantic checks (its variables are unbound). */
export function expression(text: string): Expression {
  const clause = clausesOf(parseSyntax(`RETURN ${text}`))[0]
  assert.ok(clause !== undefined && clause.kind === 'Return')
  const item = clause.projection.items[0]
  assert.ok(item !== undefined)
  return item.expression
}

/** A matcher for assert.throws: the error's code and, when given, its facts. */
export function nornicError(code: string, facts: Record<string, unknown> = {}) {
  return (error: unknown): boolean => {
    assert.ok(isNornicError(error), `expected a NornicError, got ${String(error)}`)
    assert.equal(error.code, code, error.message)
    for (const [key, value] of Object.entries(facts)) assert.deepEqual(error.facts[key], value, error.message)
    return true
  }
}

export function syntaxErrorWith(detail: string) {
  return nornicError('Neo.ClientError.Statement.SyntaxError', { detail })
}
