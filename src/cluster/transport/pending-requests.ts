import type { NornicError } from '../../errors/index.js'
import type { Message } from './frame-codec.js'
import { responseTypeOf, type RequestTypeName } from './message-types.js'
import { errorFromBody, requestTimedOut, unexpectedResponse } from './transport-errors.js'

interface Pending {
  readonly type: RequestTypeName
  readonly resolve: (response: Message) => void
  readonly reject: (error: NornicError) => void
  readonly timer: NodeJS.Timeout
}

/**
 * The requests one connection has sent and not yet seen answered, keyed by frame id. Each entry
 * settles exactly once: by its answer, by its timeout, or by `rejectAll` when the connection goes.
 */
export class PendingRequests {
  readonly #entries = new Map<number, Pending>()

  constructor(private readonly peer: string) {}

  get size(): number {
    return this.#entries.size
  }

  /** Waits for the answer to request `id`; rejects with Nornic.Cluster.RequestTimeout after `timeoutMs`. */
  add(id: number, type: RequestTypeName, timeoutMs: number): Promise<Message> {
    return new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#entries.delete(id)
        reject(requestTimedOut(this.peer, type, timeoutMs))
      }, timeoutMs)
      this.#entries.set(id, { type, resolve, reject, timer })
    })
  }

  /**
   * Settles the request `message` answers. An `Error` answer rejects with the peer's coded error; an
   * answer of the wrong type rejects with Nornic.Cluster.ProtocolError. Returns false when no request
   * waits for this id (it timed out, or the message is not an answer), leaving it to the caller.
   */
  settle(message: Message): boolean {
    const pending = this.#entries.get(message.id)
    if (pending === undefined) return false
    this.#entries.delete(message.id)
    clearTimeout(pending.timer)
    if (message.type === 'Error') pending.reject(errorFromBody(message.body, this.peer))
    else if (message.type !== responseTypeOf(pending.type)) pending.reject(unexpectedResponse(this.peer, pending.type, message.type))
    else pending.resolve(message)
    return true
  }

  /** Removes one request without settling it, when it could not be sent at all. */
  forget(id: number): void {
    const pending = this.#entries.get(id)
    if (pending === undefined) return
    clearTimeout(pending.timer)
    this.#entries.delete(id)
  }

  rejectAll(error: NornicError): void {
    const entries = [...this.#entries.values()]
    this.#entries.clear()
    for (const pending of entries) {
      clearTimeout(pending.timer)
      pending.reject(error)
    }
  }
}
