import type { Clock } from '../clock.js'
import type { TransportLogger } from './environment.js'

/** How often the same peer may put a warning in the log. */
export const WARNING_INTERVAL_MS = 60_000

/** Past this many remembered peers, entries older than the interval are dropped. */
const PRUNE_ABOVE_KEYS = 1024

/**
 * Logs a warning at most once per interval per peer, so a peer that sends garbage thousands of
 * times a second fills a counter, not the disk. The next warning for that peer says how many were
 * left out in between.
 */
export class RateLimitedWarnings {
  readonly #entries = new Map<string, { loggedAtMs: number; suppressed: number }>()

  constructor(
    private readonly logger: TransportLogger,
    private readonly clock: Clock,
    private readonly intervalMs = WARNING_INTERVAL_MS,
  ) {}

  /** Logs `message` unless `peer` had a warning logged within the interval; returns whether it logged. */
  warn(peer: string, fields: object, message: string): boolean {
    const nowMs = this.clock.now()
    const entry = this.#entries.get(peer)
    if (entry !== undefined && nowMs - entry.loggedAtMs < this.intervalMs) {
      entry.suppressed += 1
      return false
    }
    if (entry === undefined && this.#entries.size >= PRUNE_ABOVE_KEYS) this.#prune(nowMs)
    const suppressed = entry?.suppressed ?? 0
    this.#entries.set(peer, { loggedAtMs: nowMs, suppressed: 0 })
    this.logger.warn(suppressed > 0 ? { ...fields, peer, suppressed } : { ...fields, peer }, message)
    return true
  }

  #prune(nowMs: number): void {
    for (const [peer, entry] of this.#entries) {
      if (nowMs - entry.loggedAtMs >= this.intervalMs) this.#entries.delete(peer)
    }
  }
}
