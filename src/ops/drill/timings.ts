/**
 * The figures of one round, from the history and the status samples, all in ms after the fault
 * was injected (the unavailability window is a length). A figure is null when it never happened in
 * the round, e.g. no new leader because the fault did not touch the leader.
 */
import type { HistoryEvent } from './history.js'
import type { StatusSample } from './status-sampler.js'

export interface RoundWindow {
  /** When the fault was injected, on the history's clock. */
  readonly faultTime: number
  /** When the round ended (the next fault, or the end of the workload). */
  readonly endTime: number
  /** The writer before the fault and its term or epoch. */
  readonly writerBefore: string | null
  readonly termBefore: number | null
}

export interface RoundTimings {
  /** First sample after the fault in which a live node no longer names the old writer; null when no new writer came. */
  readonly detectionMs: number | null
  /** First sample after the fault in which a node takes writes in a newer term, or is a different writer. */
  readonly newLeaderMs: number | null
  /** The first acknowledged write (add, write, cas) completed after the fault. */
  readonly firstAckMs: number | null
  /** From the last acknowledged write before the fault to the first after it. */
  readonly unavailableMs: number | null
  /**
   * Writes invoked in the round that completed as `info`. Ops still in flight are not counted: the
   * live line is drawn while clients run, and by the final report every client has finished.
   */
  readonly writesInDoubt: number
}

const WRITES = new Set(['add', 'write', 'cas'])

/** Figures to a tenth of a ms: finer than the clock's meaning, coarse enough to read. */
const tenths = (ms: number): number => Math.round(ms * 10) / 10

export function roundTimings(events: readonly HistoryEvent[], samples: readonly StatusSample[], window: RoundWindow): RoundTimings {
  const after = (time: number): number => tenths(time - window.faultTime)
  const inRound = (time: number): boolean => time >= window.faultTime && time < window.endTime
  const newLeader = samples.find((sample) => inRound(sample.time) && sample.writer && (sample.node !== window.writerBefore || (sample.term !== null && window.termBefore !== null && sample.term > window.termBefore)))
  // Without a new writer there was no failover to detect (e.g. a follower was killed and came back).
  const detection = newLeader === undefined ? undefined : samples.find((sample) => inRound(sample.time) && window.writerBefore !== null && sample.writerId !== window.writerBefore)

  const invokes = new Map<number, HistoryEvent>()
  let lastAckBefore: number | undefined
  let firstAckAfter: number | undefined
  let writesInDoubt = 0
  for (const event of events) {
    if (event.type === 'invoke') {
      invokes.set(event.process, event)
      continue
    }
    const invoke = invokes.get(event.process)
    if (!WRITES.has(event.f) || invoke === undefined) continue
    if (event.type === 'ok' && event.time < window.faultTime) lastAckBefore = event.time
    if (event.type === 'ok' && invoke.time >= window.faultTime && inRound(event.time) && firstAckAfter === undefined) firstAckAfter = event.time
    if (event.type === 'info' && inRound(invoke.time)) writesInDoubt += 1
  }

  return {
    detectionMs: detection === undefined ? null : after(detection.time),
    newLeaderMs: newLeader === undefined ? null : after(newLeader.time),
    firstAckMs: firstAckAfter === undefined ? null : after(firstAckAfter),
    unavailableMs: firstAckAfter === undefined || lastAckBefore === undefined ? null : tenths(firstAckAfter - lastAckBefore),
    writesInDoubt,
  }
}

export interface Spread {
  readonly min: number | null
  readonly median: number | null
  readonly max: number | null
}

/** min, median and max of the figures that exist (the median of an even count is the mean of the middle two). */
export function spread(values: readonly (number | null)[]): Spread {
  const present = values.filter((value): value is number => value !== null).sort((a, b) => a - b)
  if (present.length === 0) return { min: null, median: null, max: null }
  const middle = Math.floor(present.length / 2)
  const median = present.length % 2 === 1 ? (present[middle] as number) : ((present[middle - 1] as number) + (present[middle] as number)) / 2
  return { min: present[0] as number, median: Math.round(median * 10) / 10, max: present[present.length - 1] as number }
}

export const TIMING_NAMES = ['detectionMs', 'newLeaderMs', 'firstAckMs', 'unavailableMs', 'writesInDoubt'] as const
export type TimingName = (typeof TIMING_NAMES)[number]

export function summarizeTimings(rounds: readonly RoundTimings[]): Record<TimingName, Spread> {
  return Object.fromEntries(TIMING_NAMES.map((name) => [name, spread(rounds.map((round) => round[name]))])) as Record<TimingName, Spread>
}
