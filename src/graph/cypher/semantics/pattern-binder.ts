import type { MapLiteral, NodePattern, Parameter, PathPattern, Pattern, RelationshipPattern } from '../ast.js'
import { semanticError } from './errors.js'
import { checkExpression, undefinedVariable, type ExpressionContext } from './expression-checker.js'
import { isList, type Scope } from './scope.js'

/**
 * How a pattern is used decides what its variables may do:
 * - `match`: new names are bound, bound names join;
 * - `create` / `merge`: new names are bound; a bound name may only be referred to bare;
 * - `expression`: a predicate like `WHERE (a)-->(b)`; it binds nothing, every name must exist;
 * - `comprehension`: `[(a)-->(b) | ...]`; new names are local to it.
 */
export type PatternMode = 'match' | 'create' | 'merge' | 'expression' | 'comprehension'

/** Checks a whole MATCH/CREATE pattern and returns the scope with its variables bound. */
export function bindPattern(pattern: Pattern, context: ExpressionContext, mode: PatternMode): Scope {
  const seenRelationships = new Set<string>()
  let scope = context.scope
  for (const part of pattern.parts) {
    if (part.pathVariable !== undefined && scope.has(part.pathVariable)) {
      throw semanticError('VariableAlreadyBound', `Variable \`${part.pathVariable}\` already declared`, part.position)
    }
    scope = bindPathPattern(part.path, { ...context, scope }, mode, seenRelationships)
    if (part.pathVariable === undefined) continue
    if (scope.has(part.pathVariable)) {
      throw semanticError('VariableAlreadyBound', `Variable \`${part.pathVariable}\` names both the path and an element of it`, part.position)
    }
    scope = scope.bind(part.pathVariable, 'Path')
  }
  return scope
}

/** Checks one chain; see `PatternMode`. `seenRelationships` spans the parts of one MATCH. */
export function bindPathPattern(
  path: PathPattern,
  context: ExpressionContext,
  mode: PatternMode,
  seenRelationships: Set<string> = new Set(),
): Scope {
  let scope = context.scope
  const singleNode = path.relationships.length === 0
  path.nodes.forEach((node, index) => {
    scope = bindNode(node, { ...context, scope }, mode, singleNode)
    const relationship = path.relationships[index]
    if (relationship !== undefined) scope = bindRelationship(relationship, { ...context, scope }, mode, seenRelationships)
  })
  return mode === 'expression' ? context.scope : scope
}

function bindNode(node: NodePattern, context: ExpressionContext, mode: PatternMode, singleNode: boolean): Scope {
  checkProperties(node.properties, context, mode)
  const name = node.variable
  if (name === undefined) return context.scope
  const bound = context.scope.typeOf(name)
  if (bound === undefined) {
    if (mode === 'expression') throw undefinedVariable(name, node.position)
    return context.scope.bind(name, 'Node')
  }
  if (bound !== 'Node' && bound !== 'Any') {
    throw semanticError('VariableTypeConflict', `Type mismatch: \`${name}\` is a ${bound}, used here as a node`, node.position)
  }
  if ((mode === 'create' || mode === 'merge') && (node.labels.length > 0 || node.properties !== undefined || singleNode)) {
    throw semanticError('VariableAlreadyBound', `Can't create node \`${name}\` with labels or properties here; the variable is already declared`, node.position)
  }
  return context.scope
}

function bindRelationship(
  relationship: RelationshipPattern,
  context: ExpressionContext,
  mode: PatternMode,
  seenRelationships: Set<string>,
): Scope {
  const name = relationship.variable
  const bound = name === undefined ? undefined : context.scope.typeOf(name)
  if (mode === 'create' || mode === 'merge') {
    if (bound !== undefined) {
      throw semanticError('VariableAlreadyBound', `Can't create relationship \`${name}\`; the variable is already declared`, relationship.position)
    }
    checkCreatable(relationship, mode)
  }
  checkProperties(relationship.properties, context, mode)
  if (name === undefined) return context.scope
  if (seenRelationships.has(name)) {
    throw semanticError('RelationshipUniquenessViolation', `Relationship \`${name}\` cannot be used twice in one pattern`, relationship.position)
  }
  seenRelationships.add(name)
  if (bound === undefined) {
    if (mode === 'expression') throw undefinedVariable(name, relationship.position)
    return context.scope.bind(name, relationship.length === undefined ? 'Relationship' : 'List<Relationship>')
  }
  const fits = bound === 'Any' || (relationship.length === undefined ? bound === 'Relationship' : isList(bound))
  if (!fits) {
    throw semanticError('VariableTypeConflict', `Type mismatch: \`${name}\` is a ${bound}, used here as a relationship`, relationship.position)
  }
  return context.scope
}

/**
 * CREATE and MERGE make exactly one relationship of one type; CREATE also needs a direction,
 * while MERGE matches either way and creates left to right.
 */
function checkCreatable(relationship: RelationshipPattern, mode: 'create' | 'merge'): void {
  const position = relationship.position
  if (relationship.types.length !== 1) {
    throw semanticError('NoSingleRelationshipType', 'A relationship must have exactly one type to be created', position)
  }
  if (relationship.direction === 'either' && mode === 'create') {
    throw semanticError('RequiresDirectedRelationship', 'Only directed relationships can be created', position)
  }
  if (relationship.length !== undefined) {
    throw semanticError('CreatingVarLength', 'Variable length relationships cannot be created', position)
  }
}

function checkProperties(properties: MapLiteral | Parameter | undefined, context: ExpressionContext, mode: PatternMode): void {
  if (properties === undefined) return
  if (properties.kind === 'Parameter') {
    if (mode !== 'create') {
      throw semanticError('InvalidParameterUse', `Parameter maps cannot be used in ${mode.toUpperCase()} patterns; use {key: $param.key}`, properties.position)
    }
    return
  }
  for (const entry of properties.entries) checkExpression(entry.value, { ...context, predicate: false, aggregationAllowed: false })
}
