/** How a client spaces its reconnect attempts: doubling from `baseMs` up to `maxMs`. */
export interface ReconnectBackoff {
  readonly baseMs: number
  readonly maxMs: number
}

/** Doubling stops here; 2^30 times any sane base is past every sane maximum. */
const MAX_DOUBLINGS = 30

/**
 * The wait before reconnect attempt `attempt` (0 for the first after a loss): the doubled base,
 * capped at the maximum, of which the upper half is drawn at random. Keeping the lower half means
 * a restarted peer is not hammered; drawing the rest spreads the nodes of a cluster that all lost
 * the same peer at once.
 */
export function reconnectDelayMs(attempt: number, backoff: ReconnectBackoff, random: () => number): number {
  const ceilingMs = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt, MAX_DOUBLINGS))
  return Math.round(ceilingMs / 2 + random() * (ceilingMs / 2))
}

export function checkReconnectBackoff(backoff: ReconnectBackoff): void {
  if (!(Number.isFinite(backoff.baseMs) && backoff.baseMs >= 1)) {
    throw new RangeError(`reconnect baseMs must be at least 1, got ${backoff.baseMs}`)
  }
  if (!(Number.isFinite(backoff.maxMs) && backoff.maxMs >= backoff.baseMs)) {
    throw new RangeError(`reconnect maxMs (${backoff.maxMs}) must be at least baseMs (${backoff.baseMs})`)
  }
}
