import type { Entry, HardState, SnapshotMeta } from '../types.js'

/** What the log held on disk at start. */
export interface StoredRaftState {
  readonly hardState: HardState
  /** The newest snapshot's metadata; the bootstrap snapshot (index 0) when none was taken. */
  readonly snapshot: SnapshotMeta
  /** Stored entries after the snapshot, contiguous. */
  readonly entries: readonly Entry[]
  /** Nothing was ever stored: a fresh node. */
  readonly isEmpty: boolean
}

/** Step 1 of a Ready: what must be durable before its messages leave. */
export interface RaftStorageUpdate {
  readonly snapshot?: SnapshotMeta | undefined
  readonly entries: readonly Entry[]
  readonly hardState?: HardState | undefined
}

/**
 * The durable half of the Raft log: entries, hard state and snapshot metadata. Calls must not
 * overlap (the driver awaits each); every write is one atomic, fsynced batch.
 */
export interface RaftStorage {
  /** Reads the log back, checking it; throws RaftStorageCorruption when it is broken. */
  load(): Promise<StoredRaftState>
  /**
   * Persists a Ready's snapshot (dropping every stored entry), its entries (replacing any stored
   * entry at or after entries[0].index) and its hard state, in one fsynced batch.
   */
  save(update: RaftStorageUpdate): Promise<void>
  /** Records a snapshot the driver took and deletes entries before `firstIndex`. */
  compact(snapshot: SnapshotMeta, firstIndex: number): Promise<void>
  close(): Promise<void>
}
