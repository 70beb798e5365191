import type { Clause, Expression, Query, RemoveItem, SetItem, SingleQuery } from '../ast.js'
import { semanticError } from './errors.js'
import { checkExpression, checkPredicate, expressionContext, invalidArgumentType, undefinedVariable } from './expression-checker.js'
import { inferType } from './infer-type.js'
import { bindPattern } from './pattern-binder.js'
import { checkProjection } from './projection-checker.js'
import { elementOf, isList, Scope } from './scope.js'

/**
 * The compile-time checks openCypher asks for after parsing: variables in scope and of the
 * right kind, aggregations where they may be, patterns CREATE can make, clause order, UNION
 * columns. Returns the query with every `*` projection expanded (see `Projection`); throws
 * `NornicError`s whose `facts.detail` names the openCypher error detail.
 */
export function checkQuery(query: Query): Query {
  const body = query.body
  switch (body.kind) {
    case 'SingleQuery':
      return { ...query, body: checkSingleQuery(body).query }
    case 'UnionQuery': {
      const parts = body.parts.map(checkSingleQuery)
      const [first, ...rest] = parts
      for (const part of rest) {
        if (first !== undefined && part.columns.join('\u0000') !== first.columns.join('\u0000')) {
          throw semanticError('DifferentColumnsInUnion', 'All sub queries in a UNION must have the same return column names', part.query.position)
        }
      }
      return { ...query, body: { ...body, parts: parts.map((part) => part.query) } }
    }
    default:
      return query
  }
}

interface CheckedSingleQuery {
  readonly query: SingleQuery
  /** The names of the columns the final RETURN produces (empty when there is none). */
  readonly columns: readonly string[]
}

const UPDATING_CLAUSES = new Set<Clause['kind']>(['Create', 'Merge', 'Set', 'Remove', 'Delete'])

function checkSingleQuery(query: SingleQuery): CheckedSingleQuery {
  let scope = Scope.empty
  let columns: readonly string[] = []
  const clauses = query.clauses.map((clause, index) => {
    const isLast = index === query.clauses.length - 1
    if (clause.kind === 'Return' && !isLast) {
      throw semanticError('InvalidClauseComposition', 'RETURN can only be used at the end of the query', clause.position)
    }
    if (isLast && clause.kind !== 'Return' && !UPDATING_CLAUSES.has(clause.kind)) {
      throw semanticError('InvalidClauseComposition', `Query cannot conclude with ${clause.kind.toUpperCase()} (must be RETURN or an update clause)`, clause.position)
    }
    const checked = checkClause(clause, scope)
    scope = checked.scope
    if (checked.clause.kind === 'Return') columns = checked.clause.projection.items.map((item) => item.name)
    return checked.clause
  })
  return { query: { ...query, clauses }, columns }
}

function checkClause(clause: Clause, scope: Scope): { clause: Clause; scope: Scope } {
  switch (clause.kind) {
    case 'Match': {
      const bound = bindPattern(clause.pattern, expressionContext(scope), 'match')
      if (clause.where !== undefined) checkPredicate(clause.where, expressionContext(bound))
      return { clause, scope: bound }
    }
    case 'Unwind': {
      checkExpression(clause.expression, expressionContext(scope))
      if (scope.has(clause.variable)) throw alreadyBound(clause.variable, clause)
      return { clause, scope: scope.bind(clause.variable, elementOf(inferType(clause.expression, scope))) }
    }
    case 'With': {
      const checked = checkProjection(clause.projection, scope, 'WITH')
      if (clause.where !== undefined) checkPredicate(clause.where, checked.whereContext)
      return { clause: { ...clause, projection: checked.projection }, scope: checked.scope }
    }
    case 'Return': {
      const checked = checkProjection(clause.projection, scope, 'RETURN')
      return { clause: { ...clause, projection: checked.projection }, scope: checked.scope }
    }
    case 'Create':
      return { clause, scope: bindPattern(clause.pattern, expressionContext(scope), 'create') }
    case 'Merge': {
      const pattern = { kind: 'Pattern', position: clause.pattern.position, parts: [clause.pattern] } as const
      const bound = bindPattern(pattern, expressionContext(scope), 'merge')
      for (const item of [...clause.onCreate, ...clause.onMatch]) checkSetItem(item, bound)
      return { clause, scope: bound }
    }
    case 'Set':
      for (const item of clause.items) checkSetItem(item, scope)
      return { clause, scope }
    case 'Remove':
      for (const item of clause.items) checkRemoveItem(item, scope)
      return { clause, scope }
    case 'Delete':
      for (const expression of clause.expressions) checkDeleted(expression, scope)
      return { clause, scope }
  }
}

function alreadyBound(name: string, clause: Clause): Error {
  return semanticError('VariableAlreadyBound', `Variable \`${name}\` already declared`, clause.position)
}

function requireVariable(name: string, scope: Scope, item: SetItem | RemoveItem): void {
  if (!scope.has(name)) throw undefinedVariable(name, item.position)
}

function checkSetItem(item: SetItem, scope: Scope): void {
  const context = expressionContext(scope)
  switch (item.kind) {
    case 'SetProperty':
      checkExpression(item.target, context)
      checkExpression(item.value, context)
      return
    case 'SetVariable':
      requireVariable(item.variable, scope, item)
      checkExpression(item.value, context)
      return
    case 'SetLabels':
      requireVariable(item.variable, scope, item)
  }
}

function checkRemoveItem(item: RemoveItem, scope: Scope): void {
  if (item.kind === 'RemoveLabels') requireVariable(item.variable, scope, item)
  else checkExpression(item.target, expressionContext(scope))
}

/** DELETE takes nodes, relationships and paths (or lists of them); never a label test or a number. */
function checkDeleted(expression: Expression, scope: Scope): void {
  if (expression.kind === 'LabelPredicate') {
    throw semanticError('InvalidDelete', 'DELETE takes nodes, relationships or paths; to remove a label use REMOVE n:Label', expression.position)
  }
  checkExpression(expression, expressionContext(scope))
  const type = inferType(expression, scope)
  const deletable = type === 'Any' || type === 'Node' || type === 'Relationship' || type === 'Path' || isList(type)
  if (!deletable) throw invalidArgumentType(`DELETE expects a node, relationship or path, got ${type}`, expression.position)
}
