import { randomInt } from 'node:crypto'
import { statementSeed, type CreatedId, type QueryResult, type Statement, type WriteRequest } from './command.js'
import type { Query } from './cypher/ast.js'
import { executeQuery, streamQuery, type ExecutionInput } from './cypher/executor/execute-query.js'
import { DigestedRead } from './digested-read.js'
import { StreamedRead, type ReadCursor } from './read-cursor.js'
import { resultDigest } from './result-digest.js'
import type { IdSource } from './store/created-ids.js'
import type { OpenTransaction } from './store/graph-store.js'

/** rand() seeds stay below this so that statementSeed's arithmetic stays exact. */
const SEED_LIMIT = 2 ** 40

/**
 * An explicit transaction's statements, run ahead of the log on one view of this node's graph that
 * holds the transaction's own writes: a write runs whole when it arrives, a read streams, and each
 * sees the writes before it; their real results go back to the client. Nothing is stored; COMMIT
 * proposes `request()` as one command, which carries what the client was shown (see ExpectedRun),
 * so applying it takes effect only where it gives the same results: the transaction is serializable.
 * It keeps one clock and one rand() seed throughout, as a command does.
 */
export class InteractiveTransaction {
  readonly #statements: Statement[] = []
  /** A statement's digest, or its read whose digest is final once it is closed or read through. */
  readonly #digests: (string | DigestedRead)[] = []
  readonly #nodeIds: CreatedId[] = []
  readonly #relationshipIds: CreatedId[] = []
  readonly #timestamp: number
  readonly #seed = randomInt(SEED_LIMIT)
  #open: OpenTransaction | undefined

  private constructor(
    private readonly parse: (text: string) => Query,
    timestamp: number,
  ) {
    this.#timestamp = timestamp
  }

  /** Opens the view the transaction runs on; `ids` hands out the ids of what it creates. */
  static async begin(
    open: (ids: IdSource, timestamp: number) => Promise<OpenTransaction>,
    parse: (text: string) => Query,
    ids: IdSource,
  ): Promise<InteractiveTransaction> {
    const transaction = new InteractiveTransaction(parse, Date.now())
    const recorded: IdSource = {
      node: async () => recordIn(transaction.#nodeIds, await ids.node()),
      relationship: async () => recordIn(transaction.#relationshipIds, await ids.relationship()),
    }
    transaction.#open = await open(recorded, transaction.#timestamp)
    return transaction
  }

  /**
   * Runs a write statement to its end and returns its result. A statement that fails leaves the
   * transaction unusable, as Bolt fails the whole transaction: close it.
   */
  async run(statement: Statement): Promise<QueryResult> {
    const open = await this.#next()
    const result = await executeQuery(this.#input(open, statement))
    // A unique value taken twice fails the statement that took it, as it would in Neo4j, not COMMIT.
    await open.checkConstraints()
    this.#record(statement, resultDigest(result))
    return result
  }

  /** Starts a read statement; its rows stream from the transaction's view. The caller closes the cursor. */
  async openRead(statement: Statement): Promise<ReadCursor> {
    const open = await this.#next()
    const stream = await streamQuery(this.#input(open, statement))
    const read = new DigestedRead(await StreamedRead.open(stream, async () => undefined))
    this.#record(statement, read)
    return read
  }

  /** Every read before the next statement is held whole first: see DigestedRead. */
  async #next(): Promise<OpenTransaction> {
    const open = this.#opened()
    for (const digest of this.#digests) if (typeof digest !== 'string') await digest.hold()
    return open
  }

  #input(open: OpenTransaction, statement: Statement): ExecutionInput {
    return {
      query: this.parse(statement.statement),
      parameters: statement.parameters,
      reader: open.writer,
      writer: open.writer,
      timestamp: this.#timestamp,
      randomSeed: statementSeed(this.#seed, this.#statements.length),
    }
  }

  #record(statement: Statement, digest: string | DigestedRead): void {
    this.#statements.push(statement)
    this.#digests.push(digest)
  }

  /** What COMMIT proposes: every statement run so far, and what each gave. Close the reads first. */
  request(): WriteRequest {
    const digests = this.#digests.map((digest) => {
      if (typeof digest === 'string') return digest
      if (digest.digest === undefined) throw new Error('a read of the transaction is still open')
      return digest.digest
    })
    return {
      statements: [...this.#statements],
      expected: {
        timestamp: this.#timestamp,
        seed: this.#seed,
        nodeIds: [...this.#nodeIds],
        relationshipIds: [...this.#relationshipIds],
        digests,
      },
    }
  }

  /** Drops the transaction's state and releases its view; closing twice is harmless. */
  async close(): Promise<void> {
    const open = this.#open
    this.#open = undefined
    await open?.close()
  }

  #opened(): OpenTransaction {
    if (this.#open === undefined) throw new Error('the transaction is closed')
    return this.#open
  }
}

function recordIn(ids: CreatedId[], id: CreatedId): CreatedId {
  ids.push(id)
  return id
}
