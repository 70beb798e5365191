import type { Statement } from '../../graph/command.js'
import { NornicError } from '../../errors/index.js'
import type { PackMap } from './packstream.js'
import { ResultCursor } from './result-cursor.js'

/**
 * An explicit transaction between BEGIN and COMMIT or ROLLBACK. Reads run at once against the
 * local graph and stream; writes are held back and replicated together, as one command, at COMMIT (see
 * DESIGN.md for why, and for what a client sees of a held-back write).
 */
export class ExplicitTransaction {
  readonly #writes: Statement[] = []
  readonly #open = new Map<number, ResultCursor>()
  #nextQueryId = 0
  #lastQueryId = -1

  /** `readOnly`: BEGIN carried `mode: "r"`; a write statement in it fails with AccessMode. */
  constructor(readonly readOnly: boolean) {}

  /** The held-back writes, in the order they ran; COMMIT proposes them as one command. */
  get writes(): readonly Statement[] {
    return this.#writes
  }

  get hasOpenResults(): boolean {
    return this.#open.size > 0
  }

  /** Keeps a write for COMMIT; returns the empty result it answers now, carrying `notice`. */
  deferWrite(statement: Statement, notice: PackMap): ResultCursor {
    this.#writes.push(statement)
    return ResultCursor.deferredWrite(notice)
  }

  /**
   * A read after a held-back write would not see that write, which no transaction may do to its own
   * writes; refusing is honest where an answer would be wrong.
   */
  checkReadAllowed(): void {
    if (this.#writes.length === 0) return
    throw new NornicError(
      'Neo.ClientError.Statement.FeatureNotSupported',
      'a read after a write in the same explicit transaction is not supported: nornic applies the writes of a transaction together at COMMIT, so the read could not see them; run the read before the writes, or after COMMIT',
    )
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

  /** Releases every result still open: the transaction ends (COMMIT, ROLLBACK, RESET, a failure, a closed connection). */
  async closeResults(): Promise<void> {
    const cursors = [...this.#open.values()]
    this.#open.clear()
    await Promise.all(cursors.map((cursor) => cursor.close()))
  }
}
