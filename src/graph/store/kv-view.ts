import type { AbstractSnapshot } from 'abstract-level'
import type { KeyRange } from './keys.js'

/**
 * The level database under a graph store: string keys and values, compared as UTF-8 bytes.
 * Only what the store uses, so that classic-level and memory-level both fit it.
 */
export interface StoreLevel {
  readonly supports: { readonly explicitSnapshots: boolean }
  get(key: string, options?: SnapshotOption): Promise<string | undefined>
  getMany(keys: string[], options?: SnapshotOption): Promise<(string | undefined)[]>
  put(key: string, value: string, options?: { sync?: boolean }): Promise<void>
  batch(): StoreBatch
  iterator(options?: { gte?: string; lt?: string; snapshot?: AbstractSnapshot }): StoreIterator
  snapshot(): AbstractSnapshot
  clear(options?: { gt?: string; lt?: string }): Promise<void>
  close(): Promise<void>
}

interface SnapshotOption {
  snapshot?: AbstractSnapshot | undefined
}

export interface StoreBatch {
  put(key: string, value: string): unknown
  del(key: string): unknown
  write(options?: { sync?: boolean }): Promise<void>
  close(): Promise<void>
}

export interface StoreIterator {
  nextv(size: number): Promise<[string, string][]>
  close(): Promise<void>
}

/** How many entries an iteration fetches from level at a time. */
const ITERATION_BATCH_SIZE = 256

/** Read access to keys and values, in key order. The graph reader is written against this. */
export interface KeyValueView {
  get(key: string): Promise<string | undefined>
  getMany(keys: readonly string[]): Promise<(string | undefined)[]>
  entries(range: KeyRange): AsyncIterable<readonly [string, string]>
}

/** The database itself, or, given an explicit snapshot, the database as of that snapshot. */
export class LevelView implements KeyValueView {
  constructor(
    private readonly db: StoreLevel,
    private readonly snapshot?: AbstractSnapshot,
  ) {}

  get(key: string): Promise<string | undefined> {
    return this.db.get(key, { snapshot: this.snapshot })
  }

  getMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    return keys.length === 0 ? Promise.resolve([]) : this.db.getMany([...keys], { snapshot: this.snapshot })
  }

  async *entries(range: KeyRange): AsyncIterable<readonly [string, string]> {
    const iterator = this.db.iterator({ gte: range.gte, lt: range.lt, snapshot: this.snapshot })
    try {
      for (;;) {
        const batch = await iterator.nextv(ITERATION_BATCH_SIZE)
        if (batch.length === 0) return
        yield* batch
      }
    } finally {
      await iterator.close()
    }
  }
}
