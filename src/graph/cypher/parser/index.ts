import type { Query } from '../ast.js'
import { checkQuery } from '../semantics/index.js'
import { syntaxError } from './errors.js'
import { parseSyntax } from './query-parser.js'

export { parseSyntax }

/**
 * Parses a statement and runs the compile-time checks: the one entry point for executing
 * Cypher. Throws `NornicError` (SyntaxError, TypeError, FeatureNotSupported) with
 * `facts.line/column/offset` and, for the checks the openCypher TCK names, `facts.detail`.
 * The result has every `RETURN *` / `WITH *` expanded.
 */
export function parseCypher(text: string): Query {
  try {
    return checkQuery(parseSyntax(text))
  } catch (error) {
    // The parser caps nesting, but a chain of thousands of operators still makes a tree too
    // deep to walk recursively: refuse that query, not the whole request.
    if (error instanceof RangeError) {
      throw syntaxError('The query is nested too deeply to compile; split long operator chains', { offset: 0, line: 1, column: 1 })
    }
    throw error
  }
}

/** The name the database module first used for `parseCypher`; same function. */
export { parseCypher as parseQuery }
