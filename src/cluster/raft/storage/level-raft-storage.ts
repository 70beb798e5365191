import type { AbstractBatchOptions, AbstractLevel } from 'abstract-level'
import { EMPTY_MEMBERSHIP } from '../membership.js'
import type { Entry, HardState, Membership, SnapshotMeta } from '../types.js'
import type { RaftStorage, RaftStorageUpdate, StoredRaftState } from './raft-storage.js'
import { checkEntriesContinue, RaftStorageCorruption } from './storage-corruption.js'

/** The level database under the Raft log: string keys and values (classic-level or memory-level). */
export type RaftLevel = AbstractLevel<string, string, string>

const HARD_STATE_KEY = 'meta/hard-state'
const SNAPSHOT_KEY = 'meta/snapshot'
const LOG_PREFIX = 'log/'
const INDEX_DIGITS = 16
const LOG_RANGE = { gte: LOG_PREFIX, lt: `${LOG_PREFIX}~` }

function logKey(index: number): string {
  return LOG_PREFIX + index.toString().padStart(INDEX_DIGITS, '0')
}

function indexOfKey(key: string): number {
  return Number(key.slice(LOG_PREFIX.length))
}

const NO_HARD_STATE: HardState = { term: 0, vote: '', commit: 0 }
const NO_SNAPSHOT: SnapshotMeta = { index: 0, term: 0, membership: EMPTY_MEMBERSHIP }
/** classic-level reads `sync` (fsync the write-ahead log); abstract-level's type does not list it. */
const FSYNC = { sync: true } as AbstractBatchOptions<string, string>

type Operation = { type: 'put'; key: string; value: string } | { type: 'del'; key: string }

/**
 * The Raft log on level: entries under `log/<16-digit index>`, the hard state and the snapshot
 * metadata under `meta/`. Each save is one batch with `sync: true`; entries are checked before
 * they are written and again when they are read back.
 */
export class LevelRaftStorage implements RaftStorage {
  readonly #db: RaftLevel
  #firstIndex = 1
  #lastIndex = 0
  #lastTerm = 0
  #hardState: HardState = NO_HARD_STATE
  #snapshot: SnapshotMeta = NO_SNAPSHOT

  constructor(db: RaftLevel) {
    this.#db = db
  }

  async load(): Promise<StoredRaftState> {
    if (this.#db.status === 'opening' || this.#db.status === 'closed') await this.#db.open()
    const hardText = await this.#db.get(HARD_STATE_KEY)
    const snapshotText = await this.#db.get(SNAPSHOT_KEY)
    const hardState = hardText === undefined ? NO_HARD_STATE : parseHardState(hardText)
    const snapshot = snapshotText === undefined ? NO_SNAPSHOT : parseSnapshot(snapshotText)
    const stored: Entry[] = []
    for await (const [key, value] of this.#db.iterator(LOG_RANGE)) {
      const entry = parseEntry(value, key)
      if (entry.index !== indexOfKey(key)) throw new RaftStorageCorruption(`key ${key} holds entry ${entry.index}`)
      stored.push(entry)
    }
    const first = stored[0]
    if (first !== undefined) {
      checkEntriesContinue(stored, first.index - 1, 0, 'read back')
      if (first.index > snapshot.index + 1) {
        throw new RaftStorageCorruption(`stored entries start at ${first.index}, after the snapshot at ${snapshot.index} there is a gap`)
      }
      const atSnapshot = stored.find((entry) => entry.index === snapshot.index)
      if (atSnapshot !== undefined && atSnapshot.term !== snapshot.term) {
        throw new RaftStorageCorruption(`entry ${snapshot.index} has term ${atSnapshot.term}, the snapshot there term ${snapshot.term}`)
      }
    }
    const entries = stored.filter((entry) => entry.index > snapshot.index)
    const last = entries.at(-1)
    this.#snapshot = snapshot
    this.#hardState = hardState
    this.#firstIndex = first?.index ?? snapshot.index + 1
    this.#lastIndex = last?.index ?? snapshot.index
    this.#lastTerm = last?.term ?? snapshot.term
    if (hardState.commit > this.#lastIndex) {
      throw new RaftStorageCorruption(`commit ${hardState.commit} is past the last stored index ${this.#lastIndex}`)
    }
    if (this.#lastTerm > hardState.term) {
      throw new RaftStorageCorruption(`entry ${this.#lastIndex} has term ${this.#lastTerm}, past the stored term ${hardState.term}`)
    }
    const isEmpty = hardText === undefined && snapshotText === undefined && stored.length === 0
    return { hardState, snapshot, entries, isEmpty }
  }

  async save(update: RaftStorageUpdate): Promise<void> {
    const operations: Operation[] = []
    let lastIndex = this.#lastIndex
    let lastTerm = this.#lastTerm
    let firstIndex = this.#firstIndex
    let snapshot = this.#snapshot
    if (update.snapshot !== undefined) {
      snapshot = update.snapshot
      if (snapshot.index <= this.#hardState.commit) {
        throw new RaftStorageCorruption(`installing snapshot ${snapshot.index}, not past commit ${this.#hardState.commit}`)
      }
      for (const key of await this.#db.keys(LOG_RANGE).all()) operations.push({ type: 'del', key })
      operations.push({ type: 'put', key: SNAPSHOT_KEY, value: JSON.stringify(snapshot) })
      firstIndex = snapshot.index + 1
      lastIndex = snapshot.index
      lastTerm = snapshot.term
    }
    const first = update.entries[0]
    if (first !== undefined) {
      if (first.index <= Math.max(snapshot.index, this.#hardState.commit) || first.index > lastIndex + 1) {
        throw new RaftStorageCorruption(
          `writing entries from ${first.index} to a log ending at ${lastIndex} (snapshot ${snapshot.index}, commit ${this.#hardState.commit})`,
        )
      }
      const prevTerm = first.index - 1 === lastIndex ? lastTerm : await this.#termAt(first.index - 1, snapshot)
      checkEntriesContinue(update.entries, first.index - 1, prevTerm, 'before writing')
      for (let index = first.index; index <= lastIndex; index++) operations.push({ type: 'del', key: logKey(index) })
      for (const entry of update.entries) operations.push({ type: 'put', key: logKey(entry.index), value: JSON.stringify(entry) })
      const last = update.entries.at(-1)!
      lastIndex = last.index
      lastTerm = last.term
      firstIndex = Math.min(firstIndex, first.index)
    }
    const hardState = update.hardState
    if (hardState !== undefined) {
      if (hardState.term < this.#hardState.term || hardState.commit < this.#hardState.commit) {
        throw new RaftStorageCorruption(
          `hard state going back: term ${this.#hardState.term} -> ${hardState.term}, commit ${this.#hardState.commit} -> ${hardState.commit}`,
        )
      }
      if (hardState.commit > lastIndex) throw new RaftStorageCorruption(`commit ${hardState.commit} is past the last index ${lastIndex}`)
      operations.push({ type: 'put', key: HARD_STATE_KEY, value: JSON.stringify(hardState) })
    }
    if (operations.length === 0) return
    await this.#db.batch(operations, FSYNC)
    this.#snapshot = snapshot
    this.#firstIndex = firstIndex
    this.#lastIndex = lastIndex
    this.#lastTerm = lastTerm
    if (hardState !== undefined) this.#hardState = hardState
  }

  async compact(snapshot: SnapshotMeta, firstIndex: number): Promise<void> {
    if (snapshot.index < this.#snapshot.index) {
      throw new RaftStorageCorruption(`snapshot ${snapshot.index} is older than the stored one at ${this.#snapshot.index}`)
    }
    if (snapshot.index > this.#lastIndex || firstIndex > snapshot.index + 1) {
      throw new RaftStorageCorruption(`compacting to ${firstIndex} with snapshot ${snapshot.index}, log ends at ${this.#lastIndex}`)
    }
    const heldTerm = await this.#termAt(snapshot.index, this.#snapshot)
    if (heldTerm !== snapshot.term) {
      throw new RaftStorageCorruption(`snapshot at ${snapshot.index} has term ${snapshot.term}, the log there term ${heldTerm}`)
    }
    const operations: Operation[] = [{ type: 'put', key: SNAPSHOT_KEY, value: JSON.stringify(snapshot) }]
    for (let index = this.#firstIndex; index < firstIndex; index++) operations.push({ type: 'del', key: logKey(index) })
    await this.#db.batch(operations, FSYNC)
    this.#snapshot = snapshot
    this.#firstIndex = Math.max(this.#firstIndex, firstIndex)
  }

  async close(): Promise<void> {
    await this.#db.close()
  }

  async #termAt(index: number, snapshot: SnapshotMeta): Promise<number> {
    if (index === snapshot.index) return snapshot.term
    const text = await this.#db.get(logKey(index))
    if (text === undefined) throw new RaftStorageCorruption(`no stored entry at ${index} (snapshot ${snapshot.index})`)
    return parseEntry(text, logKey(index)).term
  }
}

function parseJson(text: string, what: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new RaftStorageCorruption(`${what} is not JSON`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RaftStorageCorruption(`${what} is not an object`)
  return value as Record<string, unknown>
}

function parseEntry(text: string, key: string): Entry {
  return parseJson(text, `the value at ${key}`) as unknown as Entry
}

function parseHardState(text: string): HardState {
  const value = parseJson(text, 'the hard state')
  const { term, vote, commit } = value
  if (!isCount(term) || !isCount(commit) || typeof vote !== 'string') throw new RaftStorageCorruption(`hard state ${text}`)
  return { term, vote, commit }
}

function parseSnapshot(text: string): SnapshotMeta {
  const value = parseJson(text, 'the snapshot metadata')
  const { index, term, membership } = value
  if (!isCount(index) || !isCount(term) || !isMembership(membership)) throw new RaftStorageCorruption(`snapshot metadata ${text}`)
  return { index, term, membership }
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0
}

function isMembership(value: unknown): value is Membership {
  if (typeof value !== 'object' || value === null) return false
  const { voters, learners } = value as Record<string, unknown>
  const ids = (list: unknown): boolean => Array.isArray(list) && list.every((id) => typeof id === 'string')
  return ids(voters) && ids(learners)
}
