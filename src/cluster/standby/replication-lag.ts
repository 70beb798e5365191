import type { NodeReport, StandbyProgress } from './messages.js'
import type { WalEntry } from './wal.js'

export interface ReplicationLag {
  readonly entries: number
  readonly seconds: number
}

const NO_LAG: ReplicationLag = { entries: 0, seconds: 0 }

/**
 * A standby's lag behind the primary whose last report it holds: entries it has not applied, and how
 * much older (by the primary's command timestamps) its newest applied command is than the primary's.
 */
export function standbyLag(primary: NodeReport | undefined, applied: number, appliedTimestamp: number): ReplicationLag {
  if (primary === undefined) return NO_LAG
  const entries = Math.max(0, primary.last.index - applied)
  if (entries === 0) return NO_LAG
  return { entries, seconds: Math.max(0, (primary.appliedTimestamp - appliedTimestamp) / 1000) }
}

/**
 * On the primary, how far its standby is behind: entries it has not applied, and the age of the
 * oldest of them.
 */
export function lagOfStandby(lastIndex: number, standby: StandbyProgress, oldestMissing: WalEntry | undefined, nowMs: number): ReplicationLag {
  const entries = Math.max(0, lastIndex - standby.applied)
  if (entries === 0 || oldestMissing === undefined) return { entries, seconds: 0 }
  return { entries, seconds: Math.max(0, (nowMs - oldestMissing.timestamp) / 1000) }
}
