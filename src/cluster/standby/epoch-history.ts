import type { WalPoint } from './wal.js'

/**
 * When each epoch began: entries from `startIndex` on, up to the next record's start, were written by
 * the primary of `epoch`. The same idea as Kafka's leader epochs: it lets the primary find, from a
 * standby's last entry alone, the last index where the two logs still agree.
 */
export interface EpochRecord {
  readonly epoch: number
  readonly startIndex: number
}

/** The last index this log holds from `epoch` or earlier epochs (its own last index when no later epoch began). */
export function epochEnd(history: readonly EpochRecord[], epoch: number, lastIndex: number): number {
  const later = history.find((record) => record.epoch > epoch)
  return later === undefined ? lastIndex : Math.min(lastIndex, later.startIndex - 1)
}

/**
 * The last index where a standby whose log ends at `standbyLast` agrees with this primary's log: up to
 * there the standby keeps its entries; past it they are a tail only an old primary wrote, which it discards.
 */
export function divergencePoint(history: readonly EpochRecord[], lastIndex: number, standbyLast: WalPoint): number {
  return Math.min(standbyLast.index, epochEnd(history, standbyLast.epoch, lastIndex))
}

/**
 * The history of a node that becomes primary of `epoch` with its log ending at `lastIndex`: records of
 * epochs whose entries never reached this log are dropped, and the new epoch starts after its last entry.
 */
export function beginEpoch(history: readonly EpochRecord[], epoch: number, lastIndex: number): EpochRecord[] {
  if (history.some((record) => record.epoch >= epoch)) throw new Error(`epoch ${epoch} is not above every epoch in the history`)
  return [...history.filter((record) => record.startIndex <= lastIndex), { epoch, startIndex: lastIndex + 1 }]
}
