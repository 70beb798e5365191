import { compareKeys, type KeyRange } from './keys.js'
import type { KeyValueView, StoreBatch, StoreLevel } from './kv-view.js'
import { SortedKeys } from './sorted-keys.js'

/** Marks a key deleted by the write in progress. */
const DELETED = null

/**
 * The changes of one write, buffered until commit. Reading through `view()` shows the database
 * with these changes applied, so a write sees its own writes (deletes included) in gets and in
 * every scan.
 */
export class Overlay {
  private readonly values = new Map<string, string | typeof DELETED>()
  private readonly keys = new SortedKeys()

  put(key: string, value: string): void {
    if (!this.values.has(key)) this.keys.add(key)
    this.values.set(key, value)
  }

  del(key: string): void {
    if (!this.values.has(key)) this.keys.add(key)
    this.values.set(key, DELETED)
  }

  /** The buffered value, DELETED, or undefined when this write did not touch the key. */
  lookup(key: string): string | typeof DELETED | undefined {
    return this.values.get(key)
  }

  /** Moves these changes onto `target`, as if they had been made there. */
  mergeInto(target: Overlay): void {
    for (const [key, value] of this.values) {
      if (value === DELETED) target.del(key)
      else target.put(key, value)
    }
  }

  firstKeyFrom(from: string, exclusive: boolean): string | undefined {
    return this.keys.firstFrom(from, exclusive)
  }

  /**
   * Every change in one level batch, not yet written: the caller writes it (atomically) or closes
   * it. A chained batch is used because abstract-level's array form clones and checks each
   * operation, which costs several times more for the hundreds of thousands of keys a bulk write
   * makes.
   */
  async stage(db: StoreLevel): Promise<StoreBatch> {
    const batch = db.batch()
    try {
      for (const [key, value] of this.values) {
        if (value === DELETED) batch.del(key)
        else batch.put(key, value)
      }
    } catch (error) {
      await batch.close()
      throw error
    }
    return batch
  }

  view(base: KeyValueView): KeyValueView {
    return new OverlayView(base, this)
  }
}

class OverlayView implements KeyValueView {
  constructor(
    private readonly base: KeyValueView,
    private readonly overlay: Overlay,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const buffered = this.overlay.lookup(key)
    if (buffered !== undefined) return buffered ?? undefined
    return this.base.get(key)
  }

  async getMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    const missing = keys.filter((key) => this.overlay.lookup(key) === undefined)
    const fromBase = await this.base.getMany(missing)
    let next = 0
    return keys.map((key) => {
      const buffered = this.overlay.lookup(key)
      return buffered === undefined ? fromBase[next++] : (buffered ?? undefined)
    })
  }

  /**
   * Merges the base's entries with the buffered ones. The overlay is asked afresh for the next
   * buffered key after the last one yielded at every step, so changes the caller makes while
   * iterating (a delete ahead, an insert ahead) are seen; the base does not change during a write.
   */
  async *entries(range: KeyRange): AsyncIterable<readonly [string, string]> {
    const base = this.base.entries(range)[Symbol.asyncIterator]()
    try {
      let baseEntry = await base.next()
      let cursor = range.gte
      let exclusive = false
      for (;;) {
        let buffered = this.overlay.firstKeyFrom(cursor, exclusive)
        if (buffered !== undefined && compareKeys(buffered, range.lt) >= 0) buffered = undefined
        if (baseEntry.done === true && buffered === undefined) return
        const order = buffered === undefined ? 1 : baseEntry.done === true ? -1 : compareKeys(buffered, baseEntry.value[0])
        if (order <= 0) {
          const key = buffered as string
          if (order === 0) baseEntry = await base.next()
          cursor = key
          exclusive = true
          const value = this.overlay.lookup(key)
          if (value !== undefined && value !== DELETED) yield [key, value]
        } else {
          const entry = baseEntry.value as readonly [string, string]
          cursor = entry[0]
          exclusive = true
          baseEntry = await base.next()
          yield entry
        }
      }
    } finally {
      await base.return?.()
    }
  }
}
