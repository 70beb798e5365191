/**
 * A small typed event list. A listener that throws is reported to `onError` and does not stop the
 * others: a bug in one subscriber must not break the connection bookkeeping that emits.
 */
export class Listeners<Events extends Record<string, unknown>> {
  readonly #byEvent = new Map<keyof Events, Set<(payload: never) => void>>()

  constructor(private readonly onError: (error: unknown, event: keyof Events) => void) {}

  /** Adds a listener; returns the function that removes it. */
  on<Event extends keyof Events>(event: Event, listener: (payload: Events[Event]) => void): () => void {
    let listeners = this.#byEvent.get(event)
    if (listeners === undefined) {
      listeners = new Set()
      this.#byEvent.set(event, listeners)
    }
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  }

  emit<Event extends keyof Events>(event: Event, payload: Events[Event]): void {
    for (const listener of [...(this.#byEvent.get(event) ?? [])]) {
      try {
        ;(listener as (payload: Events[Event]) => void)(payload)
      } catch (error) {
        this.onError(error, event)
      }
    }
  }
}
