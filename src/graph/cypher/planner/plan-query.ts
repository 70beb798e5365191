import type { IndexDefinition } from '../../store/graph-store.js'
import type { Clause, Expression, MatchClause, MergeClause, PatternPart, SingleQuery, UnionQuery } from '../ast.js'
import { isWritingClause } from '../classify.js'
import { compileExpression, compilePredicate } from '../executor/compile-expression.js'
import { compilePath, variablesOf, type CompiledPath } from '../executor/compile-pattern.js'
import { MatchOperator, type PlannedPart } from '../executor/match-operator.js'
import type { Operator, ScanDescription } from '../executor/operator.js'
import { compileRemoveItem, compileSetItem } from '../executor/set-items.js'
import { UnwindOperator } from '../executor/unwind-operator.js'
import { CreateOperator, DeleteOperator, MergeOperator, UpdateOperator } from '../executor/write-operators.js'
import { containsPattern } from './ast-walk.js'
import { chooseAnchor } from './choose-anchor.js'
import { describePattern } from './describe-pattern.js'
import { planProjection } from './plan-projection.js'
import type { Pipeline, QueryPlan } from './query-plan.js'

const compile = (expression: Expression) => compileExpression(expression)

/** Plans a query against the indexes that exist now (plan-cache.ts keeps the result per query until they change). */
export function planQuery(body: SingleQuery | UnionQuery, indexes: readonly IndexDefinition[]): QueryPlan {
  if (body.kind === 'SingleQuery') return planSingleQuery(body, indexes)
  // The semantic pass has checked that every part returns the same columns.
  const parts = body.parts.map((part) => planSingleQuery(part, indexes))
  const columns = parts[0]?.columns ?? []
  return { kind: 'union', all: body.all, parts, columns }
}

function planSingleQuery(query: SingleQuery, indexes: readonly IndexDefinition[]): Pipeline {
  const bound = new Set<string>()
  const operators: Operator[] = []
  let columns: readonly string[] = []
  let afterWrite = false
  const eagerWrites = readsGraph(query)
  for (const clause of query.clauses) {
    operators.push(planClause(clause, { bound, indexes, afterWrite, eagerWrites }))
    afterWrite ||= isWritingClause(clause)
    if (clause.kind === 'Return') columns = clause.projection.items.map((item) => item.name)
  }
  return { kind: 'pipeline', operators, columns }
}

interface ClauseSituation {
  /** The variables in scope; planning a clause updates it to those in scope after it. */
  readonly bound: Set<string>
  readonly indexes: readonly IndexDefinition[]
  /** An earlier clause of the query writes. */
  readonly afterWrite: boolean
  /** Write clauses must act as a whole because the query also reads the graph. */
  readonly eagerWrites: boolean
}

/** Whether any clause or expression of the query reads the stored graph (MATCH, MERGE, a pattern). */
function readsGraph(query: SingleQuery): boolean {
  return query.clauses.some((clause) => clause.kind === 'Match' || clause.kind === 'Merge' || containsPattern(clause))
}

function planClause(clause: Clause, situation: ClauseSituation): Operator {
  const { bound, indexes, afterWrite, eagerWrites } = situation
  switch (clause.kind) {
    case 'Match':
      return planMatch(clause, bound, indexes)
    case 'Unwind':
      bound.add(clause.variable)
      return new UnwindOperator(clause.variable, compile(clause.expression), clause.variable)
    case 'With':
    case 'Return': {
      const operator = planProjection(clause.kind, clause.projection, clause.kind === 'With' ? clause.where : undefined, afterWrite)
      bound.clear()
      for (const item of clause.projection.items) bound.add(item.name)
      return operator
    }
    case 'Create': {
      const paths = clause.pattern.parts.map((part) => compileCreatePart(part, bound))
      return new CreateOperator(clause.pattern.parts.map(describePattern).join(', '), paths, eagerWrites)
    }
    case 'Merge':
      return planMerge(clause, bound, indexes)
    case 'Set':
      return new UpdateOperator('SetProperties', '', clause.items.map((item) => compileSetItem(item, compile)), eagerWrites)
    case 'Remove':
      return new UpdateOperator('Remove', '', clause.items.map((item) => compileRemoveItem(item, compile)), eagerWrites)
    case 'Delete':
      return new DeleteOperator('', clause.expressions.map(compile), clause.detach)
  }
}

function planMatch(clause: MatchClause, bound: Set<string>, indexes: readonly IndexDefinition[]): MatchOperator {
  const before = new Set(bound)
  const parts: PlannedPart[] = []
  const scans: ScanDescription[] = []
  for (const part of clause.pattern.parts) {
    const choice = chooseAnchor(part.path, bound, clause.where, indexes, compile)
    const path = compilePath(part.path, part.pathVariable, compile)
    parts.push({ path, anchor: choice.anchor })
    scans.push({ operator: choice.operator, details: choice.details })
    for (const name of variablesOf(path)) bound.add(name)
  }
  const introduced = [...bound].filter((name) => !before.has(name))
  const where = clause.where === undefined ? undefined : compilePredicate(clause.where)
  const details = clause.pattern.parts.map(describePattern).join(', ') + (clause.where === undefined ? '' : ' WHERE ...')
  return new MatchOperator(details, scans, parts, where, clause.optional, introduced)
}

function planMerge(clause: MergeClause, bound: Set<string>, indexes: readonly IndexDefinition[]): MergeOperator {
  const choice = chooseAnchor(clause.pattern.path, bound, undefined, indexes, compile)
  const path = compileCreatePart(clause.pattern, bound)
  const onCreate = clause.onCreate.map((item) => compileSetItem(item, compile))
  const onMatch = clause.onMatch.map((item) => compileSetItem(item, compile))
  const scans = [{ operator: choice.operator, details: choice.details }]
  return new MergeOperator(describePattern(clause.pattern), scans, path, choice.anchor, onCreate, onMatch)
}

/** Compiles a chain CREATE or MERGE makes (the semantic pass checked it can be made) and brings its variables into scope. */
function compileCreatePart(part: PatternPart, bound: Set<string>): CompiledPath {
  const path = compilePath(part.path, part.pathVariable, compile)
  for (const name of variablesOf(path)) bound.add(name)
  return path
}
