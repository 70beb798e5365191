/**
 * Wakes whoever waits for the cluster to change (a leader elected, a role lost), so a write that
 * waits for a leader goes again at once instead of on a fixed poll.
 */
export class LeaderSignal {
  #waiters: (() => void)[] = []

  /** Resolves at the next `notify`, or after `timeoutMs`, whichever comes first. */
  next(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs)
      const waiters = this.#waiters
      function done(): void {
        clearTimeout(timer)
        const at = waiters.indexOf(done)
        if (at >= 0) waiters.splice(at, 1)
        resolve()
      }
      waiters.push(done)
    })
  }

  notify(): void {
    const waiters = this.#waiters
    this.#waiters = []
    for (const wake of waiters) wake()
  }
}
