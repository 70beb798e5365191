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

/** rand()'s seed for the i-th statement of a command (or read) whose base seed is `base`. */
export function statementSeed(base: number, i: number): number {
  return base * 31 + i
}

/** The id and element id given to a node or relationship created by a transaction that ran ahead. */
export type CreatedId = readonly [id: number, elementId: string]

/**
 * What an interactive transaction saw when its statements ran ahead of the log, on one node's
 * state (see GraphDatabase.begin): the clock and rand() seed it used, the ids it gave what it
 * created (from blocks set aside with `reserveIds`), and a digest of each statement's result.
 * Applying the command runs the statements again with that clock, seed and those ids, and it
 * takes effect only if every result is the same: the client was told exactly what the committed
 * transaction did, or the transaction fails with Neo.TransientError.Transaction.Outdated.
 */
export interface ExpectedRun {
  readonly timestamp: number
  readonly seed: number
  readonly nodeIds: readonly CreatedId[]
  readonly relationshipIds: readonly CreatedId[]
  readonly digests: readonly string[]
}

/** Ids set aside for transactions that run ahead; the command's one result row says where they start. */
export interface IdReservation {
  readonly nodes: number
  readonly relationships: number
}

/** What a client hands the replication layer: the statements of one transaction, to become one command. */
export interface WriteRequest {
  readonly statements: readonly Statement[]
  /** Set by a transaction that ran ahead: the command applies only if it gives the same results. */
  readonly expected?: ExpectedRun
  /** A command of its own (no statements): sets ids aside for transactions that run ahead. */
  readonly reserveIds?: IdReservation
}

/** The unit of replication: the statements of one transaction, applied together or not at all. */
export interface WriteCommand extends WriteRequest {
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
