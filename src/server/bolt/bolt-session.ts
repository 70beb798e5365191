import type { ConsistencyLevel, Credentials } from '../../config/index.js'
import type { Replicator } from '../../cluster/replicator.js'
import type { Statement, WriteRequest } from '../../graph/command.js'
import type { GraphDatabase, IdSource, ReadCursor } from '../../graph/database.js'
import { isNornicError, NornicError } from '../../errors/index.js'
import { asNornicError } from '../http/errors.js'
import { DATABASE_NAME } from '../http/routes/transaction.js'
import { isReadAccess, writeInReadAccessError } from './access-mode.js'
import { checkAuthToken } from './auth.js'
import { formatBookmark, highestBookmarkIndex, waitForBookmark } from './bookmarks.js'
import { toParameters } from './graph-structures.js'
import { atLeast, type BoltVersion } from './handshake.js'
import { ExplicitTransaction } from './explicit-transaction.js'
import type { Request, ResponseBatch } from './messages.js'
import type { PackMap, PackValue } from './packstream.js'
import { RequestInterrupted, ResultCursor } from './result-cursor.js'
import { routingTableFor, routingTableMetadata, serverSideRouting } from './routing-table.js'

/** What the Bolt server counts, for tests and figures. */
export interface BoltCounters {
  /** ROUTE requests answered; a routing driver sends one per session unless the node announces `ssr.enabled`. */
  routeRequests: number
}

/** What a Bolt session needs from the node; writes go through the replicator, never around it. */
export interface BoltBackend {
  readonly graph: Pick<GraphDatabase, 'isWrite' | 'openRead' | 'begin'>
  readonly replicator: Pick<Replicator, 'propose' | 'barrier' | 'status'>
  /** Ids for what explicit transactions create as they run ahead: blocks this node set aside (see IdBlocks). */
  readonly ids: IdSource
  readonly credentials: Credentials | null
  readonly readConsistency: ConsistencyLevel
  /** How long a transaction waits for this node to apply the bookmarks it carries. */
  readonly bookmarkTimeoutMs: number
  /**
   * This node's Bolt address as other members name it (NORNICDB_BOLT_ADVERTISE_ADDR); ROUTE puts it
   * in the table. Unset, ROUTE names the address the client used.
   */
  readonly advertisedAddress?: string
  readonly counters?: BoltCounters
}

/** The server states of the Bolt spec, less NEGOTIATION (the connection does that). */
export type SessionState = 'connected' | 'authentication' | 'ready' | 'streaming' | 'tx_ready' | 'tx_streaming' | 'failed' | 'interrupted' | 'defunct'

export const SERVER_AGENT = 'Neo4j/5.26.0 compatible graph database server - nornic'

const BOOKMARK_POLL_MS = 2

/**
 * One client's conversation after the handshake: requests in, responses into a batch, following the
 * server state machine of the Bolt spec. A failure moves to FAILED, where every request but RESET
 * and GOODBYE is IGNORED. Requests are handled one at a time, in the order they arrived; only
 * `interrupt` (a RESET seen on arrival) and `close` (the socket went away) act on the request that
 * is running.
 */
export class BoltSession {
  #state: SessionState = 'connected'
  #autoCommit: ResultCursor | undefined
  #transaction: ExplicitTransaction | undefined
  /** The open transaction began with a bookmark: its reads need only that (see #read). */
  #transactionBookmarked = false
  /** The open transaction's tx_timeout in ms; 0 for none. */
  #timeoutMs = 0
  /** The client is a routing driver (`neo4j://`): HELLO carried a routing context. */
  #routed = false
  /** RESETs that have arrived but not been handled yet; while there are any, the session is INTERRUPTED. */
  #resetsPending = 0
  /** Cancels the running request where that is safe; a new one for every request. */
  #running: AbortController | undefined
  #closed = false

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

  /**
   * A RESET has arrived and waits behind earlier requests (the connection calls this on arrival,
   * the Bolt spec's <INTERRUPT> signal). The session becomes INTERRUPTED: the running request stops
   * where that is safe (a streaming read between rows, a wait for a bookmark or a read barrier; a
   * write already proposed runs on and its outcome stands), and every request before the RESET
   * is answered IGNORED. Before authentication there is nothing to interrupt: the RESET then fails
   * in its turn, as the state machine says.
   */
  interrupt(): void {
    if (this.#state === 'connected' || this.#state === 'authentication' || this.#state === 'defunct') return
    this.#resetsPending += 1
    this.#state = 'interrupted'
    this.#running?.abort()
  }

  /** The connection is gone: stops the running request and releases every open result. */
  async close(): Promise<void> {
    this.#closed = true
    this.#state = 'defunct'
    if (this.#running !== undefined) {
      // The running request releases them when it returns (see #settle); closing under it would race its reads.
      this.#running.abort()
      return
    }
    await this.#closeResults()
  }

  /** Handles one request, appending its response; the state says afterwards whether to close. */
  async handle(request: Request, batch: ResponseBatch): Promise<void> {
    if (request.name === 'GOODBYE') return this.close()
    if (this.#closed) return
    if ((this.#state === 'failed' || this.#state === 'interrupted') && request.name !== 'RESET') {
      batch.ignored()
      return
    }
    const running = new AbortController()
    this.#running = running
    try {
      await this.#dispatch(request, batch, running.signal)
    } catch (error) {
      if (error instanceof RequestInterrupted) {
        batch.ignored()
        await this.#closeResults()
      } else {
        if (!isNornicError(error)) this.onInternalError(error)
        await this.#fail(asNornicError(error), batch)
        // A client that cannot authenticate gets its answer and is then disconnected, as the spec asks.
        if (request.name === 'HELLO' || request.name === 'LOGON') this.#state = 'defunct'
      }
    } finally {
      this.#running = undefined
      await this.#settle()
    }
  }

  /** A RESET or a close that came while the request ran wins over the state the request left. */
  async #settle(): Promise<void> {
    if (this.#closed) {
      this.#state = 'defunct'
      await this.#closeResults()
    } else if (this.#resetsPending > 0 && this.#state !== 'defunct') {
      this.#state = 'interrupted'
    }
  }

  async #dispatch(request: Request, batch: ResponseBatch, signal: AbortSignal): Promise<void> {
    if (this.#transaction?.expired === true && request.name !== 'RESET') throw transactionTimedOut(this.#timeoutMs)
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
        if (this.backend.counters !== undefined) this.backend.counters.routeRequests += 1
        return batch.success(routingTableMetadata(routingTableFor(this.backend.replicator.status(), this.#routingAddress(request.routing)), DATABASE_NAME))
      case 'RUN':
        if (this.#state === 'tx_ready' || this.#state === 'tx_streaming') return this.#runInTransaction(request, batch, signal)
        this.#expect(request.name, 'ready')
        return this.#runAutoCommit(request, batch, signal)
      case 'PULL':
      case 'DISCARD':
        return this.#stream(request.name, request.extra, batch, signal)
      case 'BEGIN': {
        this.#expect(request.name, 'ready')
        checkDatabase(request.extra.db)
        const readOnly = isReadAccess(request.extra)
        const timeoutMs = asTimeout(request.extra.tx_timeout)
        this.#transactionBookmarked = await this.#waitForBookmarks(request.extra.bookmarks, signal)
        const transaction = new ExplicitTransaction(readOnly, (firstWrites, running) => this.#beginRunningAhead(this.#transactionBookmarked || firstWrites, running))
        // An idle transaction past its time lets go of its view at once; one in a request does when that ends.
        if (timeoutMs > 0) {
          transaction.expireAfter(timeoutMs, () => {
            if (this.#running === undefined && this.#transaction === transaction) void transaction.closeResults()
          })
        }
        this.#transaction = transaction
        this.#timeoutMs = timeoutMs
        this.#state = 'tx_ready'
        return batch.success({ db: DATABASE_NAME })
      }
      case 'COMMIT':
        return this.#commit(batch)
      case 'ROLLBACK':
        this.#expect(request.name, 'tx_ready', 'tx_streaming')
        await this.#closeResults()
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
    const hints: PackMap = serverSideRouting(this.backend.replicator.status()) ? { 'ssr.enabled': true } : {}
    batch.success({ server: SERVER_AGENT, connection_id: this.connectionId, hints })
  }

  async #reset(batch: ResponseBatch): Promise<void> {
    if (this.#state === 'connected' || this.#state === 'authentication') {
      throw protocolError(`RESET is not allowed before authentication (state ${this.#state})`)
    }
    if (this.#resetsPending > 0) this.#resetsPending -= 1
    await this.#closeResults()
    this.#state = this.#resetsPending > 0 ? 'interrupted' : 'ready'
    batch.success({})
  }

  /** Drops the auto-commit result and the transaction, releasing what their reads held. */
  async #closeResults(): Promise<void> {
    const autoCommit = this.#autoCommit
    const transaction = this.#transaction
    this.#autoCommit = undefined
    this.#transaction = undefined
    await Promise.all([autoCommit?.close(), transaction?.closeResults()])
  }

  async #runAutoCommit(request: Extract<Request, { name: 'RUN' }>, batch: ResponseBatch, signal: AbortSignal): Promise<void> {
    checkDatabase(request.extra.db)
    const statement = { statement: request.query, parameters: toParameters(request.parameters) }
    const readOnly = isReadAccess(request.extra)
    const bookmarked = await this.#waitForBookmarks(request.extra.bookmarks, signal)
    let cursor: ResultCursor
    if (this.backend.graph.isWrite([statement])) {
      if (readOnly) throw writeInReadAccessError()
      const [result] = await this.#propose({ statements: [statement] })
      cursor = ResultCursor.of(result!, true, { bookmark: this.#bookmark() })
    } else {
      cursor = ResultCursor.streamed(await this.#read(statement, bookmarked, signal), { bookmark: this.#bookmark() })
    }
    this.#autoCommit = cursor
    this.#state = 'streaming'
    // `db` names the database the statement ran in: a driver caches it as the user's home database
    // (and, without it, forgets what it had cached, so its next session asks ROUTE again).
    batch.success({ fields: [...cursor.columns], t_first: 0n, db: DATABASE_NAME })
  }

  async #runInTransaction(request: Extract<Request, { name: 'RUN' }>, batch: ResponseBatch, signal: AbortSignal): Promise<void> {
    const transaction = this.#transaction!
    const statement = { statement: request.query, parameters: toParameters(request.parameters) }
    const writes = this.backend.graph.isWrite([statement])
    let cursor: ResultCursor
    if (transaction.readOnly) {
      if (writes) throw writeInReadAccessError()
      cursor = ResultCursor.streamed(await this.#read(statement, this.#transactionBookmarked, signal))
    } else {
      if (writes) {
        this.#assertTakesWrites()
        cursor = ResultCursor.of(await transaction.run(statement, signal), true)
      } else {
        cursor = ResultCursor.streamed(await transaction.openRead(statement, signal))
      }
    }
    const qid = transaction.open(cursor)
    this.#state = 'tx_streaming'
    batch.success({ fields: [...cursor.columns], t_first: 0n, qid: BigInt(qid) })
  }

  async #stream(name: 'PULL' | 'DISCARD', extra: PackMap, batch: ResponseBatch, signal: AbortSignal): Promise<void> {
    this.#expect(name, 'streaming', 'tx_streaming')
    const n = asCount(extra.n)
    const form = { elementIds: this.version.major >= 5 }
    if (this.#state === 'streaming') {
      const cursor = this.#autoCommit!
      const done = name === 'PULL' ? await cursor.pull(n, batch, form, signal) : await cursor.discard(n, batch, signal)
      if (done) {
        this.#autoCommit = undefined
        this.#state = 'ready'
      }
      return
    }
    const transaction = this.#transaction!
    const qid = asQueryId(extra.qid)
    const cursor = transaction.cursor(qid)
    const done = name === 'PULL' ? await cursor.pull(n, batch, form, signal) : await cursor.discard(n, batch, signal)
    if (done) await transaction.close(qid)
    this.#state = transaction.hasOpenResults ? 'tx_streaming' : 'tx_ready'
  }

  async #commit(batch: ResponseBatch): Promise<void> {
    this.#expect('COMMIT', 'tx_ready', 'tx_streaming')
    const request = await this.#transaction!.commitRequest()
    // The transaction ends here whatever happens: a failed commit applied nothing and cannot be retried as is.
    await this.#closeResults()
    this.#state = 'ready'
    if (request !== undefined) await this.#propose(request)
    batch.success({ bookmark: this.#bookmark() })
  }

  /** The applied index after a statement is at or past it, so it is a safe bookmark for what follows. */
  #bookmark(): string {
    return formatBookmark(this.backend.replicator.status().appliedIndex)
  }

  /**
   * A `bolt://` client's write on a node that does not take writes is the replicator's to forward
   * or refuse. A routing driver's is refused with NotALeader: the driver then drops this node as a
   * writer, asks for a fresh routing table and retries on the leader, instead of every write
   * taking an extra hop until its table expires.
   */
  async #propose(request: WriteRequest) {
    const status = this.backend.replicator.status()
    this.#assertTakesWrites(status)
    const results = await this.backend.replicator.propose(request)
    // A forwarded write is answered once the leader applied it, maybe before this node did; the
    // bookmark is this node's applied index, so it waits (as a QUORUM read does) until that covers
    // the write. The write stands whatever happens here: a failed wait must not report it failed.
    if (!status.isLeader) await this.backend.replicator.barrier('QUORUM').catch(() => undefined)
    return results
  }

  #assertTakesWrites(status = this.backend.replicator.status()): void {
    if (this.#routed && !status.isLeader) {
      const writer = status.primary === undefined ? 'no node that takes writes is known yet' : `${status.primary.id} does`
      throw new NornicError('Neo.ClientError.Cluster.NotALeader', `${status.nodeId} does not take writes (${status.role}); ${writer}; a routing driver refreshes its routing table and retries`, {
        node: status.nodeId, ...(status.primary === undefined ? {} : { leader: status.primary.id }),
      })
    }
  }

  /**
   * Opens the view a write-mode transaction runs on. One that begins with a read waits for the read
   * barrier first, as a read does: should it write nothing, what it read is what a read would have
   * read. One that begins with a write skips it: its command is checked against the state it
   * commits on, so a stale view can cost it a retry, never a wrong answer.
   */
  async #beginRunningAhead(skipBarrier: boolean, signal: AbortSignal) {
    await this.#barrier(skipBarrier, signal)
    return this.backend.graph.begin(this.backend.ids)
  }

  /**
   * Opens a streamed read. A read that carried a bookmark has what the client asked for once the
   * node applied it (causal consistency, as Neo4j clusters give it); without one it waits for the
   * node's read consistency first. A RESET stops that wait: the barrier only gates the read.
   */
  async #read(statement: Statement, bookmarked: boolean, signal: AbortSignal): Promise<ReadCursor> {
    await this.#barrier(bookmarked, signal)
    return this.backend.graph.openRead(statement)
  }

  async #barrier(bookmarked: boolean, signal: AbortSignal): Promise<void> {
    if (!bookmarked) await untilAborted(this.backend.replicator.barrier(this.backend.readConsistency), signal)
    if (signal.aborted) throw new RequestInterrupted()
  }

  /** Waits (bounded) until the node applied the newest bookmark given; says whether there was one. */
  async #waitForBookmarks(bookmarks: PackValue | undefined, signal: AbortSignal): Promise<boolean> {
    const index = highestBookmarkIndex(bookmarks)
    if (index === 0) return false
    await waitForBookmark(index, {
      appliedIndex: () => this.backend.replicator.status().appliedIndex,
      timeoutMs: this.backend.bookmarkTimeoutMs,
      pollMs: BOOKMARK_POLL_MS,
      signal,
    })
    if (signal.aborted) throw new RequestInterrupted()
    return true
  }

  #routingAddress(routing: PackMap): string {
    if (this.backend.advertisedAddress !== undefined) return this.backend.advertisedAddress
    return typeof routing.address === 'string' && routing.address !== '' ? routing.address : this.localAddress
  }

  #expect(name: string, ...states: SessionState[]): void {
    if (!states.includes(this.#state)) throw protocolError(`${name} is not allowed in state ${this.#state.toUpperCase()}`)
  }

  async #fail(error: NornicError, batch: ResponseBatch): Promise<void> {
    await this.#closeResults()
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

/** Resolves when `work` does or when `signal` aborts, whichever is first; `work` runs on unobserved. */
async function untilAborted(work: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return
  let onAbort: (() => void) | undefined
  const aborted = new Promise<void>((resolve) => {
    onAbort = resolve
    signal.addEventListener('abort', onAbort, { once: true })
  })
  work.catch(() => undefined)
  try {
    await Promise.race([work, aborted])
  } finally {
    signal.removeEventListener('abort', onAbort!)
  }
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

/** BEGIN's tx_timeout: milliseconds, 0 (or absent) for none. */
function asTimeout(value: PackValue | undefined): number {
  if (value === undefined || value === null) return 0
  if (typeof value !== 'bigint' || value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new NornicError('Neo.ClientError.Request.Invalid', `tx_timeout must be a number of milliseconds (0 or more), not ${String(value)}`)
  }
  return Number(value)
}

function transactionTimedOut(timeoutMs: number): NornicError {
  return new NornicError(
    'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
    `the transaction ran past the ${timeoutMs} ms timeout its client set at BEGIN (tx_timeout) and was rolled back: nothing of it was applied; run it again, with a longer timeout if it needs one`,
    { timeoutMs },
  )
}

/** A result's id in a transaction: 0 and up, or -1 for the last one opened. */
function asQueryId(value: PackValue | undefined): number {
  if (value === undefined || value === null) return -1
  if (typeof value !== 'bigint' || value < -1n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new NornicError('Neo.ClientError.Request.Invalid', `qid must be a result id or -1 for the last one, not ${String(value)}`)
  }
  return Number(value)
}
