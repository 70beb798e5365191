import type { ConsistencyLevel, Credentials } from '../../config/index.js'
import type { Replicator } from '../../cluster/replicator.js'
import type { Statement } from '../../graph/command.js'
import type { GraphDatabase } from '../../graph/database.js'
import { isNornicError, NornicError } from '../../errors/index.js'
import { asNornicError } from '../http/errors.js'
import { DATABASE_NAME } from '../http/routes/transaction.js'
import { checkAuthToken } from './auth.js'
import { formatBookmark, highestBookmarkIndex, waitForBookmark } from './bookmarks.js'
import { toParameters } from './graph-structures.js'
import { atLeast, type BoltVersion } from './handshake.js'
import { ExplicitTransaction } from './explicit-transaction.js'
import type { Request, ResponseBatch } from './messages.js'
import { deferredWriteNotice } from './notifications.js'
import type { PackMap, PackValue } from './packstream.js'
import { ResultCursor } from './result-cursor.js'
import { routingTableFor, routingTableMetadata } from './routing-table.js'

/** What a Bolt session needs from the node; writes go through the replicator, never around it. */
export interface BoltBackend {
  readonly graph: Pick<GraphDatabase, 'isWrite' | 'read'>
  readonly replicator: Pick<Replicator, 'propose' | 'barrier' | 'status'>
  readonly credentials: Credentials | null
  readonly readConsistency: ConsistencyLevel
  /** How long a transaction waits for this node to apply the bookmarks it carries. */
  readonly bookmarkTimeoutMs: number
  /**
   * This node's Bolt address as other members name it (NORNICDB_BOLT_ADVERTISE_ADDR); ROUTE puts it
   * in the table. Unset, ROUTE names the address the client used.
   */
  readonly advertisedAddress?: string
}

/** The server states of the Bolt spec, less NEGOTIATION (the connection does that) and INTERRUPTED (see DESIGN.md). */
export type SessionState = 'connected' | 'authentication' | 'ready' | 'streaming' | 'tx_ready' | 'tx_streaming' | 'failed' | 'defunct'

export const SERVER_AGENT = 'Neo4j/5.26.0 compatible graph database server - nornic'

const BOOKMARK_POLL_MS = 2

/**
 * One client's conversation after the handshake: requests in, responses into a batch, following the
 * server state machine of the Bolt spec. A failure moves to FAILED, where every request but RESET
 * and GOODBYE is IGNORED. Requests are handled one at a time, in the order they arrived.
 */
export class BoltSession {
  #state: SessionState = 'connected'
  #autoCommit: ResultCursor | undefined
  #transaction: ExplicitTransaction | undefined
  /** The open transaction began with a bookmark: its reads need only that (see #read). */
  #transactionBookmarked = false
  /** The client is a routing driver (`neo4j://`): HELLO carried a routing context. */
  #routed = false

  constructor(
    private readonly backend: BoltBackend,
    readonly version: BoltVersion,
    readonly connectionId: string,
    /** The address the client reached this node at, for ROUTE when the client does not say. */
    private readonly localAddress: string,
    /** Told of errors that carry no code: bugs, which the client sees as UnknownError and the log must show. */
    private readonly onInternalError: (error: unknown) => void = () => undefined,
  ) {}

  get state(): SessionState {
    return this.#state
  }

  /** Handles one request, appending its response; the state says afterwards whether to close. */
  async handle(request: Request, batch: ResponseBatch): Promise<void> {
    if (request.name === 'GOODBYE') {
      this.#state = 'defunct'
      return
    }
    if (this.#state === 'failed' && request.name !== 'RESET') {
      batch.ignored()
      return
    }
    try {
      await this.#dispatch(request, batch)
    } catch (error) {
      if (!isNornicError(error)) this.onInternalError(error)
      this.#fail(asNornicError(error), batch)
      // A client that cannot authenticate gets its answer and is then disconnected, as the spec asks.
      if (request.name === 'HELLO' || request.name === 'LOGON') this.#state = 'defunct'
    }
  }

  async #dispatch(request: Request, batch: ResponseBatch): Promise<void> {
    switch (request.name) {
      case 'HELLO':
        return this.#hello(request.extra, batch)
      case 'LOGON':
        this.#expect(request.name, 'authentication')
        checkAuthToken(request.extra, this.backend.credentials)
        this.#state = 'ready'
        return batch.success({})
      case 'LOGOFF':
        this.#expect(request.name, 'ready')
        this.#state = 'authentication'
        return batch.success({})
      case 'RESET':
        return this.#reset(batch)
      case 'TELEMETRY':
        this.#expect(request.name, 'ready')
        return batch.success({})
      case 'ROUTE':
        this.#expect(request.name, 'ready')
        checkDatabase(request.extra.db)
        return batch.success(routingTableMetadata(routingTableFor(this.backend.replicator.status(), this.#routingAddress(request.routing)), DATABASE_NAME))
      case 'RUN':
        if (this.#state === 'tx_ready' || this.#state === 'tx_streaming') return this.#runInTransaction(request, batch)
        this.#expect(request.name, 'ready')
        return this.#runAutoCommit(request, batch)
      case 'PULL':
      case 'DISCARD':
        return this.#stream(request.name, request.extra, batch)
      case 'BEGIN':
        this.#expect(request.name, 'ready')
        checkDatabase(request.extra.db)
        this.#transactionBookmarked = await this.#waitForBookmarks(request.extra.bookmarks)
        this.#transaction = new ExplicitTransaction()
        this.#state = 'tx_ready'
        return batch.success({})
      case 'COMMIT':
        return this.#commit(batch)
      case 'ROLLBACK':
        this.#expect(request.name, 'tx_ready', 'tx_streaming')
        this.#transaction = undefined
        this.#state = 'ready'
        return batch.success({})
    }
  }

  #hello(extra: PackMap, batch: ResponseBatch): void {
    this.#expect('HELLO', 'connected')
    this.#routed = extra.routing !== undefined && extra.routing !== null
    // From Bolt 5.1 the credentials come in LOGON; before, in HELLO itself.
    if (atLeast(this.version, 5, 1)) {
      this.#state = 'authentication'
    } else {
      checkAuthToken(extra, this.backend.credentials)
      this.#state = 'ready'
    }
    batch.success({ server: SERVER_AGENT, connection_id: this.connectionId, hints: {} })
  }

  #reset(batch: ResponseBatch): void {
    if (this.#state === 'connected' || this.#state === 'authentication') {
      throw protocolError(`RESET is not allowed before authentication (state ${this.#state})`)
    }
    this.#autoCommit = undefined
    this.#transaction = undefined
    this.#state = 'ready'
    batch.success({})
  }

  async #runAutoCommit(request: Extract<Request, { name: 'RUN' }>, batch: ResponseBatch): Promise<void> {
    checkDatabase(request.extra.db)
    const statement = { statement: request.query, parameters: toParameters(request.parameters) }
    const bookmarked = await this.#waitForBookmarks(request.extra.bookmarks)
    const writes = this.backend.graph.isWrite([statement])
    const [result] = writes ? await this.#propose([statement]) : await this.#read(statement, bookmarked)
    // The applied index after the statement is at or past it, so it is a safe bookmark for what follows.
    const bookmark = formatBookmark(this.backend.replicator.status().appliedIndex)
    this.#autoCommit = ResultCursor.of(result!, writes, { bookmark })
    this.#state = 'streaming'
    batch.success({ fields: [...result!.columns], t_first: 0n })
  }

  async #runInTransaction(request: Extract<Request, { name: 'RUN' }>, batch: ResponseBatch): Promise<void> {
    const transaction = this.#transaction!
    const statement = { statement: request.query, parameters: toParameters(request.parameters) }
    let cursor: ResultCursor
    if (this.backend.graph.isWrite([statement])) {
      cursor = transaction.deferWrite(statement, deferredWriteNotice(this.version))
    } else {
      transaction.checkReadAllowed()
      const [result] = await this.#read(statement, this.#transactionBookmarked)
      cursor = ResultCursor.of(result!, false)
    }
    const qid = transaction.open(cursor)
    this.#state = 'tx_streaming'
    batch.success({ fields: [...cursor.columns], t_first: 0n, qid: BigInt(qid) })
  }

  #stream(name: 'PULL' | 'DISCARD', extra: PackMap, batch: ResponseBatch): void {
    this.#expect(name, 'streaming', 'tx_streaming')
    const n = asCount(extra.n)
    const form = { elementIds: this.version.major >= 5 }
    if (this.#state === 'streaming') {
      const done = name === 'PULL' ? this.#autoCommit!.pull(n, batch, form) : this.#autoCommit!.discard(n, batch)
      if (done) {
        this.#autoCommit = undefined
        this.#state = 'ready'
      }
      return
    }
    const transaction = this.#transaction!
    const qid = asQueryId(extra.qid)
    const cursor = transaction.cursor(qid)
    const done = name === 'PULL' ? cursor.pull(n, batch, form) : cursor.discard(n, batch)
    if (done) transaction.close(qid)
    this.#state = transaction.hasOpenResults ? 'tx_streaming' : 'tx_ready'
  }

  async #commit(batch: ResponseBatch): Promise<void> {
    this.#expect('COMMIT', 'tx_ready', 'tx_streaming')
    const statements = this.#transaction!.writes
    // The transaction ends here whatever happens: a failed commit applied nothing and cannot be retried as is.
    this.#transaction = undefined
    this.#state = 'ready'
    if (statements.length > 0) await this.#propose(statements)
    batch.success({ bookmark: formatBookmark(this.backend.replicator.status().appliedIndex) })
  }

  /**
   * A `bolt://` client's write on a node that does not take writes is the replicator's to forward
   * or refuse. A routing driver's is refused with NotALeader: the driver then drops this node as a
   * writer, asks for a fresh routing table and retries on the leader, instead of every write
   * taking an extra hop until its table expires.
   */
  async #propose(statements: readonly Statement[]) {
    const status = this.backend.replicator.status()
    if (this.#routed && !status.isLeader) {
      const writer = status.primary === undefined ? 'no node that takes writes is known yet' : `${status.primary.id} does`
      throw new NornicError('Neo.ClientError.Cluster.NotALeader', `${status.nodeId} does not take writes (${status.role}); ${writer}; a routing driver refreshes its routing table and retries`, {
        node: status.nodeId, ...(status.primary === undefined ? {} : { leader: status.primary.id }),
      })
    }
    return this.backend.replicator.propose(statements)
  }

  /**
   * A read that carried a bookmark has what the client asked for once the node applied it (causal
   * consistency, as Neo4j clusters give it); without one it waits for the node's read consistency.
   */
  async #read(statement: Statement, bookmarked: boolean) {
    if (!bookmarked) await this.backend.replicator.barrier(this.backend.readConsistency)
    return this.backend.graph.read([statement])
  }

  /** Waits (bounded) until the node applied the newest bookmark given; says whether there was one. */
  async #waitForBookmarks(bookmarks: PackValue | undefined): Promise<boolean> {
    const index = highestBookmarkIndex(bookmarks)
    if (index === 0) return false
    await waitForBookmark(index, {
      appliedIndex: () => this.backend.replicator.status().appliedIndex,
      timeoutMs: this.backend.bookmarkTimeoutMs,
      pollMs: BOOKMARK_POLL_MS,
    })
    return true
  }

  #routingAddress(routing: PackMap): string {
    if (this.backend.advertisedAddress !== undefined) return this.backend.advertisedAddress
    return typeof routing.address === 'string' && routing.address !== '' ? routing.address : this.localAddress
  }

  #expect(name: string, ...states: SessionState[]): void {
    if (!states.includes(this.#state)) throw protocolError(`${name} is not allowed in state ${this.#state.toUpperCase()}`)
  }

  #fail(error: NornicError, batch: ResponseBatch): void {
    this.#autoCommit = undefined
    this.#state = 'failed'
    batch.failure(failureMetadata(error, this.version))
  }
}

/** FAILURE metadata: `code` up to Bolt 5.6; from 5.7 the Neo4j code travels as `neo4j_code` beside a GQL status. */
export function failureMetadata(error: NornicError, version: BoltVersion): PackMap {
  if (!atLeast(version, 5, 7)) return { code: error.code, message: error.message }
  // 50N42 is GQL's "general processing exception"; nornic's errors carry Neo4j codes, not GQL statuses.
  return { neo4j_code: error.code, code: error.code, message: error.message, gql_status: '50N42', description: error.message }
}

function protocolError(message: string): NornicError {
  return new NornicError('Neo.ClientError.Request.Invalid', `${message}; see the Bolt server state machine`)
}

function checkDatabase(database: PackValue | undefined): void {
  if (database === undefined || database === null || database === DATABASE_NAME) return
  throw new NornicError('Neo.ClientError.Database.DatabaseNotFound', `database ${String(database)} does not exist; nornic serves one database, ${DATABASE_NAME}`)
}

/** PULL and DISCARD counts: a positive number, or -1 for all. */
function asCount(value: PackValue | undefined): number {
  if (value === undefined || value === null) return -1
  if (typeof value !== 'bigint' || value < -1n || value === 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new NornicError('Neo.ClientError.Request.Invalid', `n must be a positive integer or -1 for all, not ${String(value)}`)
  }
  return Number(value)
}

/** A result's id in a transaction: 0 and up, or -1 for the last one opened. */
function asQueryId(value: PackValue | undefined): number {
  if (value === undefined || value === null) return -1
  if (typeof value !== 'bigint' || value < -1n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new NornicError('Neo.ClientError.Request.Invalid', `qid must be a result id or -1 for the last one, not ${String(value)}`)
  }
  return Number(value)
}
