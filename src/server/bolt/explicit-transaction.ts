import type { QueryResult, Statement, WriteRequest } from '../../graph/command.js'
import type { InteractiveTransaction, ReadCursor } from '../../graph/database.js'
import { NornicError } from '../../errors/index.js'
import type { ResultCursor } from './result-cursor.js'

/**
 * An explicit transaction between BEGIN and COMMIT or ROLLBACK. In write mode its statements run
 * ahead of the log on one view of the graph that holds the transaction's own writes (writes whole,
 * reads streamed); COMMIT proposes them as one command that applies only if it gives the same
 * results (see DESIGN.md). In read mode (`mode: "r"`) its reads stream, each on its own view.
 */
export class ExplicitTransaction {
  readonly #open = new Map<number, ResultCursor>()
  #nextQueryId = 0
  #lastQueryId = -1
  #ranAhead: InteractiveTransaction | undefined
  #wrote = false
  #deadline = Number.POSITIVE_INFINITY
  #timer: NodeJS.Timeout | undefined

  /**
   * `readOnly`: BEGIN carried `mode: "r"`; a write statement in it fails with AccessMode.
   * `begin` opens the view a write-mode transaction runs on, at its first statement (and is told
   * whether that statement writes, and the signal that interrupts that statement).
   */
  constructor(
    readonly readOnly: boolean,
    private readonly begin: (firstWrites: boolean, signal: AbortSignal) => Promise<InteractiveTransaction>,
  ) {}

  /**
   * Ends the transaction's life `timeoutMs` from now (BEGIN's `tx_timeout`): from then on it is
   * `expired`, and `onExpiry` runs once, so an idle transaction can let go of its view at once.
   */
  expireAfter(timeoutMs: number, onExpiry: () => void): void {
    this.#deadline = performance.now() + timeoutMs
    this.#timer = setTimeout(onExpiry, timeoutMs)
    // A timer alone must not keep a stopping node alive.
    this.#timer.unref()
  }

  get expired(): boolean {
    return performance.now() >= this.#deadline
  }

  /** Runs a write of a write-mode transaction to its end, on the transaction's view. */
  async run(statement: Statement, signal: AbortSignal): Promise<QueryResult> {
    const result = await (await this.#view(true, signal)).run(statement)
    this.#wrote = true
    return result
  }

  /** Starts a read of a write-mode transaction; it streams from the transaction's view. */
  async openRead(statement: Statement, signal: AbortSignal): Promise<ReadCursor> {
    return (await this.#view(false, signal)).openRead(statement)
  }

  /**
   * What COMMIT proposes; undefined when the transaction wrote nothing and so has nothing to commit.
   * Closes the results still open first: what their client was given is then final.
   */
  async commitRequest(): Promise<WriteRequest | undefined> {
    await this.#closeCursors()
    return this.#wrote ? this.#ranAhead!.request() : undefined
  }

  async #view(writes: boolean, signal: AbortSignal): Promise<InteractiveTransaction> {
    this.#ranAhead ??= await this.begin(writes, signal)
    return this.#ranAhead
  }

  get hasOpenResults(): boolean {
    return this.#open.size > 0
  }

  /** Registers a result and returns its qid. */
  open(cursor: ResultCursor): number {
    const queryId = this.#nextQueryId++
    this.#open.set(queryId, cursor)
    this.#lastQueryId = queryId
    return queryId
  }

  /** The open result with this qid (-1: the last one opened); throws Request.Invalid when there is none. */
  cursor(queryId: number): ResultCursor {
    const cursor = this.#open.get(queryId === -1 ? this.#lastQueryId : queryId)
    if (cursor === undefined) throw new NornicError('Neo.ClientError.Request.Invalid', `no open result with qid ${queryId} in this transaction`)
    return cursor
  }

  /** Forgets a result that is done and releases what its reads held. */
  async close(queryId: number): Promise<void> {
    const id = queryId === -1 ? this.#lastQueryId : queryId
    const cursor = this.#open.get(id)
    this.#open.delete(id)
    await cursor?.close()
  }

  /** Releases every result still open and the transaction's view: it ends (COMMIT, ROLLBACK, RESET, a failure, a closed connection). */
  async closeResults(): Promise<void> {
    clearTimeout(this.#timer)
    await this.#closeCursors()
    const ranAhead = this.#ranAhead
    this.#ranAhead = undefined
    await ranAhead?.close()
  }

  async #closeCursors(): Promise<void> {
    const cursors = [...this.#open.values()]
    this.#open.clear()
    await Promise.all(cursors.map((cursor) => cursor.close()))
  }
}
