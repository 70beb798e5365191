import type { SnapshotChunk } from '../../graph/store/graph-store.js'
import type { EpochRecord } from './epoch-history.js'
import type { HaRole } from './ha-state.js'
import type { WalEntry, WalPoint } from './wal.js'

/**
 * The bodies of the hot standby messages (WALBatch 5/6, Heartbeat 7/8, Fence 9/10, Promote 11/12).
 * Every body carries the sender's epoch: a node that reads a higher one stops taking writes at once.
 */

/** How far a standby has got: received (in memory), persisted (fsynced in its WAL), applied (in its graph). */
export interface StandbyProgress {
  readonly received: number
  readonly persisted: number
  readonly applied: number
}

/** What each node tells the other in a Heartbeat and its answer. */
export interface NodeReport {
  readonly epoch: number
  readonly role: HaRole
  /** The last entry of its WAL. */
  readonly last: WalPoint
  readonly progress: StandbyProgress
  /** Timestamp (ms) of the newest command it applied; 0 when none. */
  readonly appliedTimestamp: number
  /** Its HTTP address, so a standby can name it when it refuses a write. */
  readonly httpUrl: string
  /** Its Bolt address, so either node can route drivers to both; absent from nodes that predate it. */
  readonly boltAddress?: string
  /** A primary sends its epoch history; a standby keeps it for when it is promoted. */
  readonly history?: readonly EpochRecord[]
}

export type AckLevel = keyof StandbyProgress

export interface EntriesBatch {
  readonly epoch: number
  readonly history: readonly EpochRecord[]
  /** The entry just before the first one sent: the standby checks it holds the same. */
  readonly prev: WalPoint
  readonly entries: readonly WalEntry[]
  /** The primary's last WAL index when it sent the batch: anything past it on the standby is a stale tail. */
  readonly primaryLast: number
  /** When the standby may answer; the rest of its work goes on after the answer. */
  readonly ack: AckLevel
}

export interface SnapshotBatch {
  readonly epoch: number
  readonly history: readonly EpochRecord[]
  /** The WAL point the snapshot stands for: the standby's log restarts after it. */
  readonly position: WalPoint
  readonly seq: number
  readonly chunk: SnapshotChunk
  readonly done: boolean
}

export type BatchRejection = 'stale_epoch' | 'mismatch' | 'needs_snapshot'

export interface BatchAnswer {
  readonly epoch: number
  readonly ok: boolean
  readonly reason?: BatchRejection
  readonly last: WalPoint
  readonly progress: StandbyProgress
}

export interface FenceRequest {
  /** The epoch the sender is about to take as primary. */
  readonly epoch: number
}

export interface FenceAnswer {
  readonly epoch: number
  readonly fenced: boolean
  readonly last: WalPoint
}

export function isSnapshotBatch(body: EntriesBatch | SnapshotBatch): body is SnapshotBatch {
  return (body as SnapshotBatch).chunk !== undefined
}

/** A body from the wire, read as its message type; the peer is another nornic node, so only the epoch is checked. */
export function readBody<Body extends { readonly epoch: number }>(body: Readonly<Record<string, unknown>>): Body {
  if (!Number.isSafeInteger(body.epoch)) throw new Error('a hot standby message without an epoch')
  return body as unknown as Body
}
