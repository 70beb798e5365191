import type { Entry, HardState, SnapshotMeta } from '../types.js'
import { NO_HARD_STATE, NO_SNAPSHOT } from './log-shape.js'
import type { StoredRaftState } from './raft-storage.js'
import { checkEntriesContinue, checkReadBack, RaftStorageCorruption } from './storage-corruption.js'
import type { WalRecord } from './wal-record.js'

/** Replays the records of the write-ahead log, oldest first, into the log they describe. */
export class WalReplay {
  #hardState: HardState = NO_HARD_STATE
  #snapshot: SnapshotMeta = NO_SNAPSHOT
  /** The entries held so far, contiguous. */
  #held: Entry[] = []
  #records = 0

  apply(record: WalRecord, where: string): void {
    this.#records++
    if (record.type === 'compact') {
      this.#snapshot = record.snapshot
      this.#hardState = record.hardState
      const first = this.#held[0]
      if (first !== undefined) this.#held = this.#held.slice(Math.max(0, record.firstIndex - first.index))
      return
    }
    if (record.snapshot !== undefined) {
      this.#snapshot = record.snapshot
      this.#held = []
    }
    this.#appendEntries(record.entries, where)
    if (record.hardState !== undefined) this.#hardState = record.hardState
  }

  /** The log read back, checked; throws RaftStorageCorruption. */
  finish(): StoredRaftState {
    const entries = checkReadBack({ hardState: this.#hardState, snapshot: this.#snapshot, held: this.#held })
    return { hardState: this.#hardState, snapshot: this.#snapshot, entries, isEmpty: this.#records === 0 }
  }

  #appendEntries(entries: readonly Entry[], where: string): void {
    const first = entries[0]
    if (first === undefined) return
    const heldFirst = this.#held[0]?.index
    if (heldFirst !== undefined && first.index >= heldFirst) {
      const heldLast = this.#held.at(-1)!.index
      if (first.index > heldLast + 1) throw new RaftStorageCorruption(`${where}: entries from ${first.index} after a log ending at ${heldLast}`)
      this.#held.length = first.index - heldFirst
    } else {
      // Nothing is held before `first`: the log restarts here, after an installed snapshot, or
      // because the segments with the entries before it were deleted once a snapshot covered
      // them (a later compact record drops these too). checkReadBack sees any gap left.
      this.#held = []
    }
    const prevTerm = this.#held.at(-1)?.term ?? (first.index - 1 === this.#snapshot.index ? this.#snapshot.term : 0)
    checkEntriesContinue(entries, first.index - 1, prevTerm, where)
    for (const entry of entries) this.#held.push(entry)
  }
}
