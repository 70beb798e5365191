import { NornicError } from '../errors/index.js'
import { statementSeed, type QueryResult, type Statement, type WriteCommand } from './command.js'
import type { Query } from './cypher/ast.js'
import { isWriteQuery } from './cypher/classify.js'
import { executeQuery, streamQuery, type ExecutionInput, type QueryStream } from './cypher/executor/execute-query.js'
import { parseCypher } from './cypher/parser/index.js'
import { reservationResult } from './id-blocks.js'
import { InteractiveTransaction } from './interactive-transaction.js'
import { StreamedRead, type ReadCursor } from './read-cursor.js'
import { matchesDigest, rowsShown } from './result-digest.js'
import { ExpectedIds, outdated, type IdSource } from './store/created-ids.js'
import type { GraphReader, GraphStore, GraphWriter, GroupedWrite, SnapshotChunk, WriteOptions } from './store/graph-store.js'
import { openLevelGraphStore, openMemoryGraphStore } from './store/level-graph-store.js'
import type { Value } from './values.js'

export type { IdSource, InteractiveTransaction, ReadCursor, SnapshotChunk }

/** How one command of `applyAll` ended: its statements' results, or the error that undid it. */
export type AppliedCommand = { readonly ok: true; readonly results: QueryResult[] } | { readonly ok: false; readonly error: unknown }

/** Parsed statements kept for reuse; clients repeat the same text with new parameters. */
const PARSE_CACHE_SIZE_MAX = 1000

/**
 * The graph as the rest of nornic sees it: the HTTP server runs reads here, the replication
 * layer applies write commands here, the TCK runner does both. Writes are deterministic: the
 * command's index and timestamp are the only inputs beside the statements, so every replica
 * applying the same commands in the same order holds the same bytes.
 */
export class GraphDatabase {
  private readonly parsed = new Map<string, Query>()
  /** The command prepare ran ahead, and the write the store knows it by. */
  private prepared: { readonly command: WriteCommand; readonly write: GroupedWrite<QueryResult[]> } | undefined

  private constructor(private readonly store: GraphStore) {}

  static async open(options: { dir: string } | { memory: true }): Promise<GraphDatabase> {
    const store = 'dir' in options ? await openLevelGraphStore(options.dir) : await openMemoryGraphStore()
    return new GraphDatabase(store)
  }

  /** Parses (with a cache) and says whether any statement writes. Throws SyntaxError etc. */
  isWrite(statements: readonly Statement[]): boolean {
    return statements.some((statement) => isWriteQuery(this.parse(statement.statement)))
  }

  /** Runs read-only statements on one consistent view and returns their whole results; refuses a write statement. */
  async read(statements: readonly Statement[]): Promise<QueryResult[]> {
    const queries = statements.map((statement) => this.parseRead(statement))
    // A read changes nothing, so its clock may be the local one: timestamp() in a read is this node's time.
    const timestamp = Date.now()
    return this.store.read((reader) => this.runAll(queries, statements, reader, undefined, timestamp, timestamp))
  }

  /**
   * Starts one read-only statement and hands its rows out as they are produced (see ReadCursor):
   * the plan runs as far as the rows asked for, on a view held open until the cursor is exhausted
   * or closed. The caller must close it. Refuses a write statement, as `read` does.
   */
  async openRead(statement: Statement): Promise<ReadCursor> {
    const query = this.parseRead(statement)
    const timestamp = Date.now()
    const view = await this.store.openRead()
    try {
      const stream = await streamQuery({ query, parameters: statement.parameters, reader: view.reader, writer: undefined, timestamp, randomSeed: statementSeed(timestamp, 0) })
      return await StreamedRead.open(stream, () => view.close())
    } catch (error) {
      await view.close()
      throw error
    }
  }

  /**
   * Starts an explicit transaction that runs ahead of the log on the state as of now (see
   * InteractiveTransaction); what it creates takes its ids from `ids`. The caller must close it.
   */
  begin(ids: IdSource): Promise<InteractiveTransaction> {
    return InteractiveTransaction.begin((recorded, timestamp) => this.store.openTransaction(recorded, timestamp), (text) => this.parse(text), ids)
  }

  /** How many read views are open now (streamed reads not yet exhausted or closed, and running reads). */
  get openReads(): number {
    return this.store.openReads
  }

  /**
   * Applies a write command: all statements in one atomic fsynced batch, or nothing (see
   * GraphStore.write for `fsync: false`). Returns undefined when the command's index is not above
   * appliedIndex (replay).
   */
  async apply(command: WriteCommand, options?: WriteOptions): Promise<QueryResult[] | undefined> {
    const [outcome] = await this.applyAll([command], options)
    if (outcome === undefined) return undefined
    if (!outcome.ok) throw outcome.error
    return outcome.results
  }

  /**
   * Applies write commands in order as one batch (see GraphStore.writeAll): each command whole or
   * not at all, on the state the ones before it left. A command that fails gets its error as its
   * outcome and the others are not affected; one at or below appliedIndex (replay) gets undefined.
   */
  async applyAll(commands: readonly WriteCommand[], options?: WriteOptions): Promise<(AppliedCommand | undefined)[]> {
    const prepared = this.prepared
    this.prepared = undefined
    const outcomes = await this.store.writeAll(commands.map((command) => command === prepared?.command ? prepared.write : this.groupedWrite(command)), options)
    return outcomes.map((outcome) => {
      if (outcome.skipped) return undefined
      return outcome.ok ? { ok: true, results: outcome.value } : { ok: false, error: outcome.error }
    })
  }

  /**
   * Runs `command` ahead on the state as it will stand once every command before it is applied,
   * and keeps its effects: if the next applyAll gets this same command object first, it stores
   * them instead of running the command again (see GraphStore.prepareAll). Resolves
   * once they are worked out; a failure here only means applyAll runs the command itself. The
   * commit of an explicit transaction is not run ahead: it takes its ids as it runs, so it runs once.
   */
  async prepare(command: WriteCommand): Promise<void> {
    this.prepared = undefined
    if (command.expected !== undefined) return
    const write = this.groupedWrite(command)
    this.prepared = { command, write }
    await this.store.prepareAll([write])
  }

  private groupedWrite(command: WriteCommand): GroupedWrite<QueryResult[]> {
    const ids = command.expected === undefined ? undefined : new ExpectedIds(command.expected.nodeIds, command.expected.relationshipIds)
    return { context: command.context, ids, write: (writer: GraphWriter) => this.applyCommand(command, writer, ids) }
  }

  get appliedIndex(): number {
    return this.store.appliedIndex
  }

  /** Makes every write durable and records `index` as applied (see GraphStore.persistApplied). */
  persistApplied(index: number): Promise<void> {
    return this.store.persistApplied(index)
  }

  counts(): Promise<{ nodes: number; relationships: number }> {
    return this.store.read((reader) => reader.counts())
  }

  snapshot(): AsyncIterable<SnapshotChunk> {
    return this.store.snapshot()
  }

  /** The whole graph as of this call, readable while writes go on (see GraphStore.openSnapshot). */
  openSnapshot(): Promise<AsyncIterable<SnapshotChunk>> {
    return this.store.openSnapshot()
  }

  restore(chunks: AsyncIterable<SnapshotChunk>): Promise<void> {
    return this.store.restore(chunks)
  }

  close(): Promise<void> {
    return this.store.close()
  }

  private async applyCommand(command: WriteCommand, writer: GraphWriter, ids: ExpectedIds | undefined): Promise<QueryResult[]> {
    const { statements, context, expected, reserveIds } = command
    if (reserveIds !== undefined) return [reservationResult({ ...writer.reserveIds(reserveIds), index: context.index })]
    const queries = statements.map((statement) => this.parse(statement.statement))
    if (expected === undefined) return this.runAll(queries, statements, writer, writer, context.timestamp, context.index)
    const results = await this.runAll(queries, statements, writer, writer, expected.timestamp, expected.seed, async (input, i) => {
      const digest = expected.digests[i] ?? ''
      // A read the client stopped early is run only as far as the rows it was shown: reads change nothing.
      const shown = isWriteQuery(input.query) ? undefined : rowsShown(digest)
      const result = shown === undefined ? await executeQuery(input) : await firstRows(await streamQuery(input), shown)
      if (!matchesDigest(result, digest)) throw outdated(`statement ${i + 1} of ${queries.length} gave other rows or counts`)
      return result
    })
    if (!ids!.allTaken) throw outdated('it created fewer nodes or relationships')
    return results
  }

  private async runAll(
    queries: readonly Query[],
    statements: readonly Statement[],
    reader: GraphReader,
    writer: GraphWriter | undefined,
    timestamp: number,
    randomSeed: number,
    /** How the i-th statement runs; to its end, by default. */
    run: (input: ExecutionInput, i: number) => Promise<QueryResult> = executeQuery,
  ): Promise<QueryResult[]> {
    const results: QueryResult[] = []
    for (const [i, query] of queries.entries()) {
      const parameters = statements[i]!.parameters
      results.push(await run({ query, parameters, reader, writer, timestamp, randomSeed: statementSeed(randomSeed, i) }, i))
    }
    return results
  }

  private parseRead(statement: Statement): Query {
    const query = this.parse(statement.statement)
    if (isWriteQuery(query)) {
      throw new NornicError('Neo.ClientError.Request.Invalid', 'a write statement cannot run as a read; send it as a write command', {})
    }
    return query
  }

  private parse(text: string): Query {
    const cached = this.parsed.get(text)
    if (cached !== undefined) {
      // Re-inserting keeps the most recently used statements at the end of the map.
      this.parsed.delete(text)
      this.parsed.set(text, cached)
      return cached
    }
    const query = parseCypher(text)
    if (this.parsed.size >= PARSE_CACHE_SIZE_MAX) this.parsed.delete(this.parsed.keys().next().value!)
    this.parsed.set(text, query)
    return query
  }
}

/** The first `count` rows of a statement (fewer if it has fewer); the rest of its plan is not run. */
async function firstRows(stream: QueryStream, count: number): Promise<QueryResult> {
  const rows: Value[][] = []
  if (count > 0) {
    for await (const row of stream.rows) {
      rows.push(row)
      if (rows.length >= count) break
    }
  }
  return { columns: stream.columns, rows, stats: stream.stats }
}
