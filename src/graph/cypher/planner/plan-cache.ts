import type { IndexDefinition } from '../../store/graph-store.js'
import type { Query, SingleQuery, UnionQuery } from '../ast.js'
import { planQuery } from './plan-query.js'
import type { QueryPlan } from './query-plan.js'

interface CachedPlan {
  readonly indexKey: string
  readonly plan: QueryPlan
}

/**
 * Plans by parsed query, kept while the query is (the database's parse cache holds the queries
 * clients repeat). A plan depends only on the query and on which indexes exist, and its operators
 * keep no state between runs, so it is reused until the indexes change. Every replica applying a
 * write runs the same plan it would have built afresh.
 */
const plans = new WeakMap<Query, CachedPlan>()

export function cachedPlan(query: Query, body: SingleQuery | UnionQuery, indexes: readonly IndexDefinition[]): QueryPlan {
  const indexKey = indexes.map((index) => `${index.name}\u0000${index.label}\u0000${index.property}`).join('\u0001')
  const cached = plans.get(query)
  if (cached !== undefined && cached.indexKey === indexKey) return cached.plan
  const plan = planQuery(body, indexes)
  plans.set(query, { indexKey, plan })
  return plan
}
