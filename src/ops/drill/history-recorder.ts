/**
 * Records a history as clients run: `invoke` before the request goes out, then one completion.
 * The clock is handed in (monotonic, e.g. `() => performance.now()`), so tests can pin it.
 */
import type { EventType, HistoryEvent, OperationFunction } from './history.js'

export interface PendingOperation {
  /** It happened; `value` is what a read returned (other ops repeat their invoke's value). */
  ok(value?: unknown): void
  /** It surely did not happen (refused before it could apply). */
  fail(): void
  /** The outcome is unknown (timeout, connection lost after sending). */
  info(): void
}

export class HistoryRecorder {
  readonly #events: HistoryEvent[] = []
  readonly #now: () => number

  constructor(now: () => number) {
    this.#now = now
  }

  /** Records the invoke; the returned handle records the completion once (later calls are ignored). */
  invoke(process: number, f: OperationFunction, key: string, value: unknown, node: string): PendingOperation {
    this.#record(process, 'invoke', f, key, value, node)
    let completed = false
    const complete = (type: Exclude<EventType, 'invoke'>, completionValue: unknown): void => {
      if (completed) return
      completed = true
      this.#record(process, type, f, key, completionValue, node)
    }
    return {
      ok: (readValue?: unknown) => complete('ok', f === 'read' ? readValue ?? null : value),
      fail: () => complete('fail', f === 'read' ? null : value),
      info: () => complete('info', f === 'read' ? null : value),
    }
  }

  /** A copy of the events so far, in the order they were recorded. */
  events(): HistoryEvent[] {
    return [...this.#events]
  }

  #record(process: number, type: EventType, f: OperationFunction, key: string, value: unknown, node: string): void {
    this.#events.push({ process, type, f, key, value, time: this.#now(), node })
  }
}
