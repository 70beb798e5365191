import { EMPTY_MEMBERSHIP } from '../membership.js'
import type { Entry, HardState, SnapshotMeta } from '../types.js'
import type { RaftStorageUpdate } from './raft-storage.js'
import type { LogShapeView } from './storage-corruption.js'
import { TermRuns } from './term-runs.js'

export const NO_HARD_STATE: HardState = { term: 0, vote: '', commit: 0 }
export const NO_SNAPSHOT: SnapshotMeta = { index: 0, term: 0, membership: EMPTY_MEMBERSHIP }

/**
 * The durable log as the checks before writing see it: snapshot, hard state and the term of
 * every held entry, never the entries' data. Changed only after a write is durable.
 */
export class LogShape implements LogShapeView {
  snapshot: SnapshotMeta = NO_SNAPSHOT
  hardState: HardState = NO_HARD_STATE
  readonly #terms = new TermRuns()

  /** The shape of a log read back: `entries` are those after the snapshot. */
  static of(hardState: HardState, snapshot: SnapshotMeta, entries: readonly Entry[]): LogShape {
    const shape = new LogShape()
    shape.hardState = hardState
    shape.snapshot = snapshot
    for (const entry of entries) shape.#terms.append(entry.index, entry.term)
    return shape
  }

  get lastIndex(): number {
    return this.#terms.lastIndex ?? this.snapshot.index
  }

  get lastTerm(): number {
    return this.termAt(this.lastIndex)!
  }

  termAt(index: number): number | undefined {
    return index === this.snapshot.index ? this.snapshot.term : this.#terms.termAt(index)
  }

  applySave(update: RaftStorageUpdate): void {
    if (update.snapshot !== undefined) {
      this.snapshot = update.snapshot
      this.#terms.clear()
    }
    const first = update.entries[0]
    if (first !== undefined) this.#terms.truncateFrom(first.index)
    for (const entry of update.entries) this.#terms.append(entry.index, entry.term)
    if (update.hardState !== undefined) this.hardState = update.hardState
  }

  applyCompact(snapshot: SnapshotMeta, firstIndex: number): void {
    this.snapshot = snapshot
    this.#terms.dropBefore(firstIndex)
  }
}
