import type { CommandContext, IdReservation } from '../command.js'
import type { IdSource } from './created-ids.js'
import type { PropertyMap, PropertyValue } from '../values.js'

/**
 * The boundary between the query engine and the data on disk.
 *
 * One implementation, on abstract-level: classic-level on disk, memory-level in tests, so
 * the code under test is the code that runs. Ids are plain numbers handed out by the store
 * from persisted counters, so the same commands in the same order give the same ids on every
 * replica; element ids are `<command index>:<n-th element created by that command>`. A transaction
 * that ran ahead brings its ids along instead, from blocks a reservation command took off the
 * counters (see IdSource and WriteCommand.expected).
 */

export interface NodeRecord {
  readonly id: number
  readonly elementId: string
  readonly labels: readonly string[]
  readonly properties: PropertyMap
}

export interface RelationshipRecord {
  readonly id: number
  readonly elementId: string
  readonly type: string
  readonly startId: number
  readonly endId: number
  readonly properties: PropertyMap
}

/** Seen from the node whose relationships are asked for. */
export type Direction = 'out' | 'in' | 'both'

export interface IndexDefinition {
  readonly name: string
  readonly label: string
  readonly property: string
  /** The constraint that owns this index, if any (dropping the constraint drops it). */
  readonly owningConstraint?: string
}

export interface ConstraintDefinition {
  readonly name: string
  readonly label: string
  readonly property: string
  readonly kind: 'unique'
}

export interface RangeBound {
  readonly value: PropertyValue
  readonly inclusive: boolean
}

/**
 * What an index lookup asks for. Range bounds compare within one type only (numbers with
 * numbers, strings with strings), as Cypher's range predicates do.
 */
export type PropertyPredicate =
  | { readonly kind: 'equals'; readonly value: PropertyValue }
  | { readonly kind: 'range'; readonly lower?: RangeBound; readonly upper?: RangeBound }

export interface GraphCounts {
  readonly nodes: number
  readonly relationships: number
}

/**
 * A consistent view of the graph. Inside a write it also sees the writes made so far.
 * Iterations yield in ascending id order and may run while other reads run.
 */
export interface GraphReader {
  /** undefined when there is no such node (never created, or deleted). */
  getNode(id: number): Promise<NodeRecord | undefined>
  getRelationship(id: number): Promise<RelationshipRecord | undefined>
  nodes(): AsyncIterable<NodeRecord>
  nodesByLabel(label: string): AsyncIterable<NodeRecord>
  /** Uses the index on (label, property); undefined when there is no such index. */
  nodesByIndex(label: string, property: string, predicate: PropertyPredicate): AsyncIterable<NodeRecord> | undefined
  relationships(): AsyncIterable<RelationshipRecord>
  /**
   * The relationships that touch `nodeId` in `direction`, only of `types` when given
   * (an empty list means any type). A self-loop is yielded once for 'both'.
   */
  relationshipsOf(nodeId: number, direction: Direction, types?: readonly string[]): AsyncIterable<RelationshipRecord>
  indexes(): readonly IndexDefinition[]
  constraints(): readonly ConstraintDefinition[]
  counts(): Promise<GraphCounts>
}

/**
 * A write in progress. Every change is buffered and becomes one atomic, fsynced level batch
 * (with the applied command index) when the write function resolves; nothing is written if
 * it throws.
 */
export interface GraphWriter extends GraphReader {
  createNode(labels: readonly string[], properties: PropertyMap): Promise<NodeRecord>
  /** Throws Neo.ClientError.Statement.EntityNotFound if either end does not exist. */
  createRelationship(type: string, startId: number, endId: number, properties: PropertyMap): Promise<RelationshipRecord>
  /** Replaces the whole property map; a null value is never stored (it means "absent"). */
  setNodeProperties(id: number, properties: PropertyMap): Promise<void>
  setNodeLabels(id: number, labels: readonly string[]): Promise<void>
  setRelationshipProperties(id: number, properties: PropertyMap): Promise<void>
  /** Throws Neo.ClientError.Schema.ConstraintValidationFailed if relationships still touch it. */
  deleteNode(id: number): Promise<void>
  deleteRelationship(id: number): Promise<void>
  /** Indexes existing nodes too. Throws IndexAlreadyExists unless ifNotExists. */
  createIndex(definition: IndexDefinition, ifNotExists: boolean): Promise<boolean>
  dropIndex(name: string, ifExists: boolean): Promise<boolean>
  /** Throws ConstraintValidationFailed if existing data violates it. */
  createConstraint(definition: ConstraintDefinition, ifNotExists: boolean): Promise<boolean>
  dropConstraint(name: string, ifExists: boolean): Promise<boolean>
  /** Sets blocks of ids aside (see IdReservation); returns the first id of each. */
  reserveIds(reservation: IdReservation): { readonly firstNodeId: number; readonly firstRelationshipId: number }
}

export interface WriteOptions {
  /**
   * Flush the batch to disk before the write resolves; true unless a replayable log is the record.
   * Without it the write answers as soon as its outcome is decided, before its batch is written;
   * reads wait for that batch, so every read still sees every answered write.
   */
  readonly fsync?: boolean
}

/** A snapshot is a stream of these; the first carries the applied index. */
export type SnapshotChunk =
  | { readonly kind: 'header'; readonly formatVersion: number; readonly appliedIndex: number }
  | { readonly kind: 'entries'; readonly entries: readonly (readonly [key: string, value: string])[] }

/**
 * A consistent point-in-time view that stays open until closed, for a result that is read a
 * batch at a time. It pins the store's state as of its opening (level keeps what it needs alive),
 * so its owner must close it: after the last row, on cancel, on error.
 */
export interface OpenRead {
  readonly reader: GraphReader
  /** Releases the view; closing twice is harmless. Iterations still running on it fail. */
  close(): Promise<void>
}

export interface GroupedWrite<T> {
  readonly context: CommandContext
  readonly write: (writer: GraphWriter) => Promise<T>
  /** Where created things take their ids; without it, from the store's counters. */
  readonly ids?: IdSource
}

/**
 * A write that runs ahead of the log on a point-in-time view of the store and is never stored:
 * its changes stay in memory, where its own reads see them, until it is closed. It pins the state
 * it started from, as an OpenRead does, so its owner must close it.
 */
export interface OpenTransaction {
  readonly writer: GraphWriter
  /** Checks the unique constraints against every value the writes so far put in (ConstraintValidationFailed). */
  checkConstraints(): Promise<void>
  close(): Promise<void>
}

export type GroupedWriteOutcome<T> =
  | { readonly skipped: true }
  | { readonly skipped: false; readonly ok: true; readonly value: T }
  | { readonly skipped: false; readonly ok: false; readonly error: unknown }

export interface GraphStore {
  /** The index of the last command whose effects are stored (0 for a new store). */
  readonly appliedIndex: number
  /** How many read views (from `read` or `openRead`) are open now; a leaked one shows here. */
  readonly openReads: number
  /** Runs `read` against a consistent point-in-time view. Many reads may run at once. */
  read<T>(read: (reader: GraphReader) => Promise<T>): Promise<T>
  /** The view `read` runs on, held open until the caller closes it; writes go on meanwhile. */
  openRead(): Promise<OpenRead>
  /**
   * A transaction that runs ahead on the state as of this call (every write answered so far),
   * creating with ids from `ids`; see OpenTransaction. `timestamp` is its clock.
   */
  openTransaction(ids: IdSource, timestamp: number): Promise<OpenTransaction>
  /**
   * Runs `write` and commits its changes and `context.index` as one fsynced batch.
   * Writes run one at a time, in call order. Returns `{ skipped: true }` without calling
   * `write` when `context.index` is not above `appliedIndex`: replay is idempotent.
   * Throws (and stores nothing) when `write` throws or a unique constraint would break.
   * With `fsync: false` the batch reaches the operating system but is not flushed to disk: it
   * survives the process dying, not the machine. Only a caller whose commands are durable in a log
   * it replays from `appliedIndex` after a restart may ask for that.
   */
  write<T>(context: CommandContext, write: (writer: GraphWriter) => Promise<T>, options?: WriteOptions): Promise<{ skipped: false; value: T } | { skipped: true }>
  /**
   * Runs several writes in order, each on the state the ones before it left, and commits them
   * as one batch (one fsync, or none with `fsync: false`), with the index of the last one that
   * succeeded. A write that throws (or would break a unique constraint) stores nothing and gets
   * its error as its outcome; the others are not affected. Skips, as `write` does, any write
   * whose index is not above the applied index.
   */
  writeAll<T>(writes: readonly GroupedWrite<T>[], options?: WriteOptions): Promise<GroupedWriteOutcome<T>[]>
  /**
   * Records `index` as the applied index in one fsynced batch, which also makes every write
   * before it durable (a level batch flushes the log it follows). For a caller whose commands
   * between the last write and `index` changed nothing here, and who is about to forget them:
   * a Raft node compacting its log. In the write queue, so it follows every write asked for
   * before it; throws a RangeError for an index below the applied one.
   */
  persistApplied(index: number): Promise<void>
  /**
   * Runs writes ahead, in the write queue as writeAll would, and keeps their effects in memory
   * without storing anything. If the next writeAll begins with the very same write objects, in
   * the same order, it stores what was kept for them instead of running them again, and runs only
   * the rest; any other writeAll (or a restore) lets the kept effects go. For a caller that knows
   * a write early and must wait before it may store it: a Raft leader waiting for its followers.
   */
  prepareAll<T>(writes: readonly GroupedWrite<T>[]): Promise<void>
  /**
   * The whole store as of this call (every write answered so far), to be read to the end while
   * writes go on; the view is released once it is read through (or its iteration is stopped).
   */
  openSnapshot(): Promise<AsyncIterable<SnapshotChunk>>
  /** Streams the whole store as of one point in time; writes may go on meanwhile. */
  snapshot(): AsyncIterable<SnapshotChunk>
  /** Replaces the contents of the store with a snapshot. */
  restore(chunks: AsyncIterable<SnapshotChunk>): Promise<void>
  close(): Promise<void>
}
