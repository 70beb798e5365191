/** Calls `onTick` every `tickMs` until the returned function is called. Injected so tests tick by hand. */
export interface Ticker {
  start(tickMs: number, onTick: () => void): () => void
}

/** The real ticker: a timer that does not keep the process alive on its own. */
export const intervalTicker: Ticker = {
  start(tickMs, onTick) {
    const timer = setInterval(onTick, tickMs)
    timer.unref()
    return () => clearInterval(timer)
  },
}

export interface RaftTiming {
  readonly tickMs: number
  readonly heartbeatTicks: number
  readonly electionTicks: number
}

/**
 * Turns the operator's timeouts into the core's ticks. One tick is the heartbeat interval, so
 * a leader sends a heartbeat every tick; the election timeout is rounded to whole heartbeats,
 * and is at least two of them so that heartbeats can keep followers quiet.
 */
export function raftTiming(electionTimeoutMs: number, heartbeatTimeoutMs: number): RaftTiming {
  if (!(heartbeatTimeoutMs > 0) || !(electionTimeoutMs > 0)) {
    throw new RangeError(`timeouts must be positive (election ${electionTimeoutMs} ms, heartbeat ${heartbeatTimeoutMs} ms)`)
  }
  if (heartbeatTimeoutMs >= electionTimeoutMs) {
    throw new RangeError(`the heartbeat timeout (${heartbeatTimeoutMs} ms) must be shorter than the election timeout (${electionTimeoutMs} ms)`)
  }
  return { tickMs: heartbeatTimeoutMs, heartbeatTicks: 1, electionTicks: Math.max(2, Math.round(electionTimeoutMs / heartbeatTimeoutMs)) }
}

/** Ticks in `ms`, at least one: how often interval work (snapshot checks) comes round. */
export function ticksIn(ms: number, tickMs: number): number {
  return Math.max(1, Math.round(ms / tickMs))
}
