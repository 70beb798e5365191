import { RaftInvariantError } from '../invariant.js'
import type { Entry, HardState, SnapshotMeta } from '../types.js'
import type { RaftStorageUpdate } from './raft-storage.js'

/**
 * What the disk holds, or what is about to be written to it, breaks the log's shape. This is a
 * bug or a broken disk, never weather: the node stops rather than serve from a corrupt log.
 */
export class RaftStorageCorruption extends RaftInvariantError {
  constructor(message: string) {
    super(`raft log corrupt: ${message}`)
    this.name = 'RaftStorageCorruption'
  }
}

/*
 * Every check of the log's shape lives here, on both sides of the disk: `checkSave` and
 * `checkCompact` before a record is written, `checkEntriesContinue` and `checkReadBack` after the
 * log is read back.
 */

/** What the checks before writing need to know of the durable log (no entry data). */
export interface LogShapeView {
  readonly snapshot: SnapshotMeta
  readonly hardState: HardState
  /** The last held index, or the snapshot's index when no entry follows it. */
  readonly lastIndex: number
  readonly lastTerm: number
  /** The term at `index` when an entry there is held or the snapshot ends there; undefined otherwise. */
  termAt(index: number): number | undefined
}

/**
 * Checks that `entries` continue a log whose last entry is (`prevIndex`, `prevTerm`): indexes
 * one apart, terms never falling. Used on both sides of the disk: before a batch is written
 * and after the log is read back.
 */
export function checkEntriesContinue(entries: readonly Entry[], prevIndex: number, prevTerm: number, where: string): void {
  let index = prevIndex
  let term = prevTerm
  for (const entry of entries) {
    checkEntryShape(entry, where)
    if (entry.index !== index + 1) throw new RaftStorageCorruption(`${where}: entry ${entry.index} follows entry ${index}`)
    if (entry.term < term) throw new RaftStorageCorruption(`${where}: entry ${entry.index} has term ${entry.term} after term ${term}`)
    index = entry.index
    term = entry.term
  }
}

function checkEntryShape(entry: Entry, where: string): void {
  const positive = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 1
  if (!positive(entry.index) || !positive(entry.term)) {
    throw new RaftStorageCorruption(`${where}: entry with index ${String(entry.index)} and term ${String(entry.term)}`)
  }
  const typeOk =
    (entry.type === 'normal' && typeof entry.data === 'string') ||
    entry.type === 'noop' ||
    (entry.type === 'config' && typeof entry.membership === 'object' && entry.membership !== null)
  if (!typeOk) throw new RaftStorageCorruption(`${where}: entry ${entry.index} is not a normal, noop or config entry`)
}

/**
 * Checks a Ready's update against the durable log before it is written: an installed snapshot
 * lies past the commit index; entries continue the log (or replace a suffix after the commit
 * index and the snapshot, Raft 5.3); the hard state never goes back and commits nothing past
 * the end.
 */
export function checkSave(log: LogShapeView, update: RaftStorageUpdate): void {
  const commit = log.hardState.commit
  let snapshot = log.snapshot
  let lastIndex = log.lastIndex
  let lastTerm = log.lastTerm
  if (update.snapshot !== undefined) {
    snapshot = update.snapshot
    if (snapshot.index <= commit) throw new RaftStorageCorruption(`installing snapshot ${snapshot.index}, not past commit ${commit}`)
    lastIndex = snapshot.index
    lastTerm = snapshot.term
  }
  const first = update.entries[0]
  if (first !== undefined) {
    if (first.index <= Math.max(snapshot.index, commit) || first.index > lastIndex + 1) {
      throw new RaftStorageCorruption(`writing entries from ${first.index} to a log ending at ${lastIndex} (snapshot ${snapshot.index}, commit ${commit})`)
    }
    // Past the two checks above, the entry before `first` is the snapshot's or a held one.
    const prevTerm = first.index - 1 === lastIndex ? lastTerm : log.termAt(first.index - 1)
    if (prevTerm === undefined) throw new RaftStorageCorruption(`no stored entry at ${first.index - 1} (snapshot ${snapshot.index})`)
    checkEntriesContinue(update.entries, first.index - 1, prevTerm, 'before writing')
    lastIndex = update.entries.at(-1)!.index
  }
  const hardState = update.hardState
  if (hardState !== undefined) {
    if (hardState.term < log.hardState.term || hardState.commit < commit) {
      throw new RaftStorageCorruption(`hard state going back: term ${log.hardState.term} -> ${hardState.term}, commit ${commit} -> ${hardState.commit}`)
    }
    if (hardState.commit > lastIndex) throw new RaftStorageCorruption(`commit ${hardState.commit} is past the last index ${lastIndex}`)
  }
}

/** Checks a snapshot the driver took against the log before it is recorded and the log compacted. */
export function checkCompact(log: LogShapeView, snapshot: SnapshotMeta, firstIndex: number): void {
  if (snapshot.index < log.snapshot.index) {
    throw new RaftStorageCorruption(`snapshot ${snapshot.index} is older than the stored one at ${log.snapshot.index}`)
  }
  if (snapshot.index > log.lastIndex || firstIndex > snapshot.index + 1) {
    throw new RaftStorageCorruption(`compacting to ${firstIndex} with snapshot ${snapshot.index}, log ends at ${log.lastIndex}`)
  }
  const heldTerm = log.termAt(snapshot.index)
  if (heldTerm !== snapshot.term) {
    throw new RaftStorageCorruption(`snapshot at ${snapshot.index} has term ${snapshot.term}, the log there term ${heldTerm ?? 'none'}`)
  }
}

/** The log as read back: the newest snapshot and hard state, and the entries held, contiguous. */
export interface ReadBackLog {
  readonly hardState: HardState
  readonly snapshot: SnapshotMeta
  readonly held: readonly Entry[]
}

/**
 * Checks the log read back (contiguous, terms never falling, no gap after the snapshot, the entry
 * at the snapshot of the snapshot's term, commit not past the end, no entry of a term past the
 * stored term) and returns the entries after the snapshot.
 */
export function checkReadBack({ hardState, snapshot, held }: ReadBackLog): readonly Entry[] {
  const first = held[0]
  if (first !== undefined) {
    checkEntriesContinue(held, first.index - 1, 0, 'read back')
    if (first.index > snapshot.index + 1) {
      throw new RaftStorageCorruption(`stored entries start at ${first.index}, after the snapshot at ${snapshot.index} there is a gap`)
    }
    const atSnapshot = held[snapshot.index - first.index]
    if (atSnapshot !== undefined && atSnapshot.term !== snapshot.term) {
      throw new RaftStorageCorruption(`entry ${snapshot.index} has term ${atSnapshot.term}, the snapshot there term ${snapshot.term}`)
    }
  }
  const entries = held.filter((entry) => entry.index > snapshot.index)
  const last = entries.at(-1)
  const lastIndex = last?.index ?? snapshot.index
  const lastTerm = last?.term ?? snapshot.term
  if (hardState.commit > lastIndex) throw new RaftStorageCorruption(`commit ${hardState.commit} is past the last stored index ${lastIndex}`)
  if (lastTerm > hardState.term) throw new RaftStorageCorruption(`entry ${lastIndex} has term ${lastTerm}, past the stored term ${hardState.term}`)
  return entries
}
