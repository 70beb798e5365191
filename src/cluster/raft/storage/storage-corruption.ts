import { RaftInvariantError } from '../invariant.js'
import type { Entry } from '../types.js'

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
