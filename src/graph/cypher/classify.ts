import type { Clause, Query, SingleQuery } from './ast.js'

const WRITING_CLAUSES = new Set<Clause['kind']>(['Create', 'Merge', 'Set', 'Remove', 'Delete'])

/**
 * True when running the query may change the graph or its schema: any CREATE, MERGE, SET,
 * REMOVE or DELETE in any UNION part, or an index or constraint change (SHOW INDEXES and SHOW
 * CONSTRAINTS are reads). A read never becomes a replicated command.
 */
export function isWriteQuery(query: Query): boolean {
  const body = query.body
  switch (body.kind) {
    case 'SingleQuery':
      return writes(body)
    case 'UnionQuery':
      return body.parts.some(writes)
    case 'ShowIndexes':
    case 'ShowConstraints':
      return false
    default:
      return true
  }
}

function writes(query: SingleQuery): boolean {
  return query.clauses.some(isWritingClause)
}

/** CREATE, MERGE, SET, REMOVE and DELETE. */
export function isWritingClause(clause: Clause): boolean {
  return WRITING_CLAUSES.has(clause.kind)
}
