import type { Operator } from '../executor/operator.js'

/** The operators of one single query, in the order rows flow through them. */
export interface Pipeline {
  readonly kind: 'pipeline'
  readonly operators: readonly Operator[]
  /** The columns RETURN produces; empty for a query that ends in an update. */
  readonly columns: readonly string[]
}

export interface UnionPlan {
  readonly kind: 'union'
  readonly all: boolean
  readonly parts: readonly Pipeline[]
  readonly columns: readonly string[]
}

export type QueryPlan = Pipeline | UnionPlan
