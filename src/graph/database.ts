import { NornicError } from '../errors/index.js'
import type { QueryResult, Statement, WriteCommand } from './command.js'
import type { Query } from './cypher/ast.js'
import { isWriteQuery } from './cypher/classify.js'
import { executeQuery } from './cypher/executor/execute-query.js'
import { parseCypher } from './cypher/parser/index.js'
import type { GraphReader, GraphStore, GraphWriter, SnapshotChunk, WriteOptions } from './store/graph-store.js'
import { openLevelGraphStore, openMemoryGraphStore } from './store/level-graph-store.js'

export type { SnapshotChunk }

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

  private constructor(private readonly store: GraphStore) {}

  static async open(options: { dir: string } | { memory: true }): Promise<GraphDatabase> {
    const store = 'dir' in options ? await openLevelGraphStore(options.dir) : await openMemoryGraphStore()
    return new GraphDatabase(store)
  }

  /** Parses (with a cache) and says whether any statement writes. Throws SyntaxError etc. */
  isWrite(statements: readonly Statement[]): boolean {
    return statements.some((statement) => isWriteQuery(this.parse(statement.statement)))
  }

  /** Runs read-only statements on one consistent view; refuses a write statement. */
  async read(statements: readonly Statement[]): Promise<QueryResult[]> {
    const queries = statements.map((statement) => {
      const query = this.parse(statement.statement)
      if (isWriteQuery(query)) {
        throw new NornicError('Neo.ClientError.Request.Invalid', 'a write statement cannot run as a read; send it as a write command', {})
      }
      return query
    })
    // A read changes nothing, so its clock may be the local one: timestamp() in a read is this node's time.
    const timestamp = Date.now()
    return this.store.read((reader) => this.runAll(queries, statements, reader, undefined, timestamp, timestamp))
  }

  /**
   * Applies a write command: all statements in one atomic fsynced batch, or nothing (see
   * GraphStore.write for `fsync: false`). Returns undefined when the command's index is not above
   * appliedIndex (replay).
   */
  async apply(command: WriteCommand, options?: WriteOptions): Promise<QueryResult[] | undefined> {
    if (command.context.index <= this.store.appliedIndex) return undefined
    const queries = command.statements.map((statement) => this.parse(statement.statement))
    const outcome = await this.store.write(command.context, (writer) =>
      this.runAll(queries, command.statements, writer, writer, command.context.timestamp, command.context.index),
    options)
    return outcome.skipped ? undefined : outcome.value
  }

  get appliedIndex(): number {
    return this.store.appliedIndex
  }

  counts(): Promise<{ nodes: number; relationships: number }> {
    return this.store.read((reader) => reader.counts())
  }

  snapshot(): AsyncIterable<SnapshotChunk> {
    return this.store.snapshot()
  }

  restore(chunks: AsyncIterable<SnapshotChunk>): Promise<void> {
    return this.store.restore(chunks)
  }

  close(): Promise<void> {
    return this.store.close()
  }

  private async runAll(
    queries: readonly Query[],
    statements: readonly Statement[],
    reader: GraphReader,
    writer: GraphWriter | undefined,
    timestamp: number,
    randomSeed: number,
  ): Promise<QueryResult[]> {
    const results: QueryResult[] = []
    for (const [i, query] of queries.entries()) {
      const parameters = statements[i]!.parameters
      results.push(await executeQuery({ query, parameters, reader, writer, timestamp, randomSeed: randomSeed * 31 + i }))
    }
    return results
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
