import { invariant } from './invariant.js'
import { entrySize, type Entry, type SnapshotMeta } from './types.js'

/**
 * The in-memory view of one node's log. Indexes relate as
 *   offsetIndex <= snapshot.index <= applied <= committed <= lastIndex,  stableIndex <= lastIndex
 * where entries (offsetIndex, lastIndex] are held, offsetIndex is the entry just before the
 * first held one (its term is kept for the consistency check), entries up to stableIndex are
 * known to be fsynced, and entries (applied, committed] are still to be applied.
 */
export class RaftLog {
  private entries: Entry[]
  private offsetIndex: number
  private offsetTerm: number
  /** The newest snapshot; a fresh cluster starts from the bootstrap snapshot at index 0. */
  snapshot: SnapshotMeta
  /** A snapshot received from a leader that the driver has not persisted and installed yet. */
  pendingSnapshot: SnapshotMeta | undefined
  committed: number
  applied: number
  stableIndex: number

  constructor(snapshot: SnapshotMeta, entries: readonly Entry[], committed: number, applied: number) {
    this.snapshot = snapshot
    this.offsetIndex = snapshot.index
    this.offsetTerm = snapshot.term
    this.entries = []
    // Entries at or below the snapshot may survive in storage after a restore; skip them.
    for (const entry of entries) if (entry.index > snapshot.index) this.entries.push(entry)
    this.entries.forEach((entry, i) => {
      invariant(entry.index === snapshot.index + 1 + i, () => `log gap at index ${entry.index}`)
    })
    this.stableIndex = this.lastIndex()
    invariant(applied >= snapshot.index, () => `applied ${applied} is behind the snapshot at ${snapshot.index}: install it first`)
    this.committed = Math.max(committed, snapshot.index)
    this.applied = applied
    invariant(this.committed <= this.lastIndex(), () => `commit ${committed} is past the last index ${this.lastIndex()}`)
    invariant(this.applied <= this.committed, () => `applied ${applied} is past commit ${this.committed}`)
  }

  firstIndex(): number {
    return this.offsetIndex + 1
  }

  lastIndex(): number {
    return this.offsetIndex + this.entries.length
  }

  lastTerm(): number {
    return this.term(this.lastIndex()) ?? 0
  }

  /** The term of the entry at `index`, or undefined when it is compacted away or not there. */
  term(index: number): number | undefined {
    if (index === this.offsetIndex) return this.offsetTerm
    return this.entries[index - this.offsetIndex - 1]?.term
  }

  matchTerm(index: number, term: number): boolean {
    return this.term(index) === term
  }

  entryAt(index: number): Entry | undefined {
    return this.entries[index - this.offsetIndex - 1]
  }

  /** Entries [from, to] (inclusive), at most `maxCount` and `maxSize` characters of data (the first entry whatever its size); `from` must not be compacted. */
  slice(from: number, to: number, maxCount = Number.MAX_SAFE_INTEGER, maxSize = Number.MAX_SAFE_INTEGER): Entry[] {
    invariant(from > this.offsetIndex, () => `entry ${from} is compacted (first index ${this.firstIndex()})`)
    const start = from - this.offsetIndex - 1
    let end = Math.min(to - this.offsetIndex, start + maxCount)
    // The first entry goes whatever its size; the others while they fit.
    let size = 0
    for (let at = start; at < end; at++) {
      size += entrySize(this.entries[at]!)
      if (at > start && size > maxSize) end = at
    }
    return this.entries.slice(start, Math.max(start, end))
  }

  /** Raft 5.4.1: a candidate's log is at least as up to date as ours. */
  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    const ourTerm = this.lastTerm()
    return lastTerm > ourTerm || (lastTerm === ourTerm && lastIndex >= this.lastIndex())
  }

  /**
   * Fast backtracking (dissertation 5.3), follower side: for a rejected append at `prevIndex`,
   * where our log ends, or our term at `prevIndex` and the first uncommitted index of that term.
   */
  conflictHint(prevIndex: number): { conflictIndex: number; conflictTerm: number } {
    if (prevIndex > this.lastIndex()) return { conflictIndex: this.lastIndex() + 1, conflictTerm: 0 }
    const conflictTerm = this.term(prevIndex) ?? 0
    let conflictIndex = prevIndex
    const floor = Math.max(this.committed + 1, this.firstIndex())
    while (conflictIndex > floor && this.term(conflictIndex - 1) === conflictTerm) conflictIndex--
    return { conflictIndex, conflictTerm }
  }

  /**
   * Fast backtracking, leader side: the next index to try after a rejection at `rejectedIndex`.
   * If we hold the follower's conflicting term, resume after our last entry of it; otherwise
   * skip the follower's whole term.
   */
  nextAfterConflict(rejectedIndex: number, conflictIndex: number, conflictTerm: number): number {
    if (conflictTerm > 0) {
      let index = Math.min(rejectedIndex, this.lastIndex())
      while (index >= this.firstIndex() && (this.term(index) ?? 0) > conflictTerm) index--
      if (this.term(index) === conflictTerm) return index + 1
    }
    return Math.max(1, conflictIndex)
  }

  /** The leader's own append: the entries continue the log. */
  append(entries: readonly Entry[]): void {
    for (const entry of entries) {
      invariant(entry.index === this.lastIndex() + 1, () => `append at ${entry.index} after ${this.lastIndex()}`)
      this.entries.push(entry)
    }
  }

  /**
   * A follower's append after the consistency check passed at `prevIndex`. Entries already
   * held with the same term are kept; the first conflicting one and everything after it is
   * truncated (Raft 5.3). Returns whether anything was truncated.
   */
  appendAfter(prevIndex: number, entries: readonly Entry[]): boolean {
    let truncated = false
    for (const entry of entries) {
      if (entry.index <= this.offsetIndex) continue
      const held = this.term(entry.index)
      if (held === entry.term) continue
      if (held !== undefined) {
        invariant(entry.index > this.committed, () => `overwriting committed entry ${entry.index} (commit ${this.committed})`)
        this.truncateFrom(entry.index)
        truncated = true
      }
      invariant(entry.index === this.lastIndex() + 1, () => `append at ${entry.index} after ${this.lastIndex()} (prev ${prevIndex})`)
      this.entries.push(entry)
    }
    return truncated
  }

  private truncateFrom(index: number): void {
    this.entries.length = index - this.offsetIndex - 1
    this.stableIndex = Math.min(this.stableIndex, index - 1)
  }

  commitTo(index: number): boolean {
    if (index <= this.committed) return false
    invariant(index <= this.lastIndex(), () => `commit ${index} is past the last index ${this.lastIndex()}`)
    this.committed = index
    return true
  }

  /** Replaces the whole log with a snapshot received from the leader. */
  restore(snapshot: SnapshotMeta): void {
    invariant(snapshot.index > this.committed, () => `snapshot ${snapshot.index} is not past commit ${this.committed}`)
    this.snapshot = snapshot
    this.pendingSnapshot = snapshot
    this.offsetIndex = snapshot.index
    this.offsetTerm = snapshot.term
    this.entries = []
    this.committed = snapshot.index
    this.stableIndex = snapshot.index
  }

  /** Records a snapshot the driver took and drops entries older than `keepFrom`. */
  compact(snapshot: SnapshotMeta, keepFrom: number): void {
    invariant(snapshot.index <= this.applied, () => `snapshot ${snapshot.index} is past applied ${this.applied}`)
    if (snapshot.index > this.snapshot.index) this.snapshot = snapshot
    const newOffset = Math.min(keepFrom - 1, this.snapshot.index, this.stableIndex)
    if (newOffset <= this.offsetIndex) return
    const newOffsetTerm = this.term(newOffset)
    invariant(newOffsetTerm !== undefined, () => `no term at ${newOffset}`)
    this.entries = this.entries.slice(newOffset - this.offsetIndex)
    this.offsetIndex = newOffset
    this.offsetTerm = newOffsetTerm
  }

  hasUnstableEntries(): boolean {
    return this.stableIndex < this.lastIndex()
  }

  hasEntriesToApply(): boolean {
    return this.committed > Math.max(this.applied, this.pendingSnapshot?.index ?? 0)
  }

  unstableEntries(): Entry[] {
    return this.entries.slice(Math.max(0, this.stableIndex - this.offsetIndex))
  }

  /** Committed entries not yet handed out for applying (those after a pending snapshot). */
  entriesToApply(): Entry[] {
    const from = Math.max(this.applied, this.pendingSnapshot?.index ?? 0) + 1
    if (from > this.committed) return []
    return this.slice(from, this.committed)
  }
}
