import type { Entry, HardState, Membership, SnapshotMeta } from '../types.js'
import { RaftStorageCorruption } from './storage-corruption.js'

/**
 * What one record of the write-ahead log says. A `save` is one Ready's durable part: an installed
 * snapshot (dropping every entry held), entries (replacing those at and after the first one) and
 * the hard state. A `compact` records a snapshot the node took and drops the entries before
 * `firstIndex`; it repeats the hard state so that the segments before it can be deleted.
 */
export type WalRecord =
  | {
      readonly type: 'save'
      readonly snapshot?: SnapshotMeta | undefined
      readonly entries: readonly Entry[]
      readonly hardState?: HardState | undefined
    }
  | { readonly type: 'compact'; readonly snapshot: SnapshotMeta; readonly firstIndex: number; readonly hardState: HardState }

/**
 * Reads a record's payload back, checking its shape (the entries themselves are checked as the
 * log is replayed). Throws RaftStorageCorruption.
 */
export function parseWalRecord(text: string, where: string): WalRecord {
  const value = parseObject(text, where)
  if (value.type === 'save') {
    if (!Array.isArray(value.entries) || !value.entries.every((entry) => typeof entry === 'object' && entry !== null)) {
      throw new RaftStorageCorruption(`${where}: a save record without a list of entries`)
    }
    return {
      type: 'save',
      snapshot: value.snapshot === undefined ? undefined : checkSnapshot(value.snapshot, where),
      entries: value.entries as Entry[],
      hardState: value.hardState === undefined ? undefined : checkHardState(value.hardState, where),
    }
  }
  if (value.type === 'compact') {
    if (!isCount(value.firstIndex)) throw new RaftStorageCorruption(`${where}: a compact record without a first index`)
    return { type: 'compact', snapshot: checkSnapshot(value.snapshot, where), firstIndex: value.firstIndex, hardState: checkHardState(value.hardState, where) }
  }
  throw new RaftStorageCorruption(`${where}: a record of unknown type ${JSON.stringify(value.type)}`)
}

function parseObject(text: string, where: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new RaftStorageCorruption(`${where}: a record that is not JSON`)
  }
  if (!isObject(value)) throw new RaftStorageCorruption(`${where}: a record that is not an object`)
  return value
}

function checkHardState(value: unknown, where: string): HardState {
  if (!isObject(value) || !isCount(value.term) || !isCount(value.commit) || typeof value.vote !== 'string') {
    throw new RaftStorageCorruption(`${where}: hard state ${JSON.stringify(value)}`)
  }
  return { term: value.term, vote: value.vote, commit: value.commit }
}

function checkSnapshot(value: unknown, where: string): SnapshotMeta {
  if (!isObject(value) || !isCount(value.index) || !isCount(value.term) || !isMembership(value.membership)) {
    throw new RaftStorageCorruption(`${where}: snapshot metadata ${JSON.stringify(value)}`)
  }
  return { index: value.index, term: value.term, membership: value.membership }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0
}

function isMembership(value: unknown): value is Membership {
  if (!isObject(value)) return false
  const ids = (list: unknown): boolean => Array.isArray(list) && list.every((id) => typeof id === 'string')
  return ids(value.voters) && ids(value.learners)
}
