import type { MapValue, Value } from './values.js'

/** One Cypher statement and its parameters, as a client sent it. */
export interface Statement {
  readonly statement: string
  readonly parameters: MapValue
}

/**
 * What the leader (or the standalone node) fixes before a write is logged, so that every
 * replica applying the command gets the same graph: ids derive from `index`, and clock
 * functions such as timestamp() read `timestamp` (milliseconds since the epoch).
 */
export interface CommandContext {
  readonly index: number
  readonly timestamp: number
}

/** The unit of replication: the statements of one transaction, applied together or not at all. */
export interface WriteCommand {
  readonly statements: readonly Statement[]
  readonly context: CommandContext
}

export interface QueryStats {
  nodesCreated: number
  nodesDeleted: number
  relationshipsCreated: number
  relationshipsDeleted: number
  propertiesSet: number
  labelsAdded: number
  labelsRemoved: number
  indexesAdded: number
  indexesRemoved: number
  constraintsAdded: number
  constraintsRemoved: number
}

/** A plan operator as EXPLAIN shows it; PROFILE fills in `rows`. */
export interface PlanDescription {
  readonly operator: string
  readonly details: string
  readonly rows?: number
  readonly children: readonly PlanDescription[]
}

export interface QueryResult {
  readonly columns: readonly string[]
  readonly rows: readonly (readonly Value[])[]
  readonly stats: QueryStats
  readonly plan?: PlanDescription
}

export function emptyStats(): QueryStats {
  return {
    nodesCreated: 0,
    nodesDeleted: 0,
    relationshipsCreated: 0,
    relationshipsDeleted: 0,
    propertiesSet: 0,
    labelsAdded: 0,
    labelsRemoved: 0,
    indexesAdded: 0,
    indexesRemoved: 0,
    constraintsAdded: 0,
    constraintsRemoved: 0,
  }
}
