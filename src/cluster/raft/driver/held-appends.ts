import type { AppendMessage, NodeId } from '../types.js'

/**
 * How long an empty append waits for an append with entries to the same follower, by default: long
 * enough for a client writing one write after another to send the next (0.7 ms apart at the median
 * in the cluster benchmark, with a tail past 1 ms), short against the heartbeat interval.
 */
export const DEFAULT_EMPTY_APPEND_HOLD_MS = 10

/**
 * Holds a leader's empty appends (the new commit index, or a probe) for a moment before they go.
 * When an append with entries for the same follower comes first, it carries a commit index at
 * least as new and the empty one is dropped, as the network might have dropped it.
 *
 * Why: one write at a time, the commit notice reached the followers just as the leader answered
 * the client, and their applying it took the two cores while the answer and the next request
 * crossed. Held, it rides on the next write's append, and the follower applies it while its disk
 * writes that append. With no next write, the notice leaves after the window.
 */
export class HeldAppends {
  readonly #held = new Map<NodeId, AppendMessage>()
  readonly #holdMs: number
  readonly #send: (message: AppendMessage) => void
  #timer: NodeJS.Timeout | undefined

  constructor(holdMs: number, send: (message: AppendMessage) => void) {
    this.#holdMs = holdMs
    this.#send = send
  }

  /** Sends `message` now, or holds it when it is empty; either way it replaces what was held for its follower. */
  send(message: AppendMessage): void {
    this.#take(message.to)
    if (message.entries.length > 0 || this.#holdMs <= 0) return this.#send(message)
    this.#held.set(message.to, message)
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.#flush(), this.#holdMs)
      this.#timer.unref()
    }
  }

  /** Sends what is held for `to` now: another message is about to go there, and messages to a follower keep their order. */
  release(to: NodeId): void {
    const held = this.#take(to)
    if (held !== undefined) this.#send(held)
  }

  /** Drops whatever is held (the node stops). */
  stop(): void {
    this.#stopTimer()
    this.#held.clear()
  }

  /** Removes what is held for `to`, with the timer once nothing is held. */
  #take(to: NodeId): AppendMessage | undefined {
    const held = this.#held.get(to)
    if (held === undefined) return undefined
    this.#held.delete(to)
    if (this.#held.size === 0) this.#stopTimer()
    return held
  }

  #stopTimer(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #flush(): void {
    this.#timer = undefined
    const held = [...this.#held.values()]
    this.#held.clear()
    for (const message of held) this.#send(message)
  }
}
