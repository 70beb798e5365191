import type { PathPattern } from '../ast.js'
import type { Evaluator } from './evaluator.js'
import type { Expression } from '../ast.js'

export interface CompiledNodePattern {
  readonly variable: string | undefined
  readonly labels: readonly string[]
  readonly properties: Evaluator | undefined
}

export interface CompiledRelationshipPattern {
  readonly variable: string | undefined
  readonly types: readonly string[]
  readonly direction: 'outgoing' | 'incoming' | 'either'
  readonly properties: Evaluator | undefined
  /** undefined for a single hop; bounds filled in (1 and unbounded when not written). */
  readonly length: { readonly min: number; readonly max: number } | undefined
}

/** A pattern chain with its property maps compiled. */
export interface CompiledPath {
  readonly pathVariable: string | undefined
  readonly nodes: readonly CompiledNodePattern[]
  readonly relationships: readonly CompiledRelationshipPattern[]
}

export function compilePath(path: PathPattern, pathVariable: string | undefined, compile: (expression: Expression) => Evaluator): CompiledPath {
  return {
    pathVariable,
    nodes: path.nodes.map((node) => ({
      variable: node.variable,
      labels: node.labels,
      properties: node.properties === undefined ? undefined : compile(node.properties),
    })),
    relationships: path.relationships.map((relationship) => ({
      variable: relationship.variable,
      types: relationship.types,
      direction: relationship.direction,
      properties: relationship.properties === undefined ? undefined : compile(relationship.properties),
      length:
        relationship.length === undefined
          ? undefined
          : { min: relationship.length.min ?? 1, max: relationship.length.max ?? Number.POSITIVE_INFINITY },
    })),
  }
}

/** The variables a chain binds, path variable included. */
export function variablesOf(path: CompiledPath): string[] {
  const names = [...path.nodes.map((n) => n.variable), ...path.relationships.map((r) => r.variable), path.pathVariable]
  return [...new Set(names.filter((name): name is string => name !== undefined))]
}
