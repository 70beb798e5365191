/** What a drill found, as data: the `--json` answer and what the table is drawn from. */
import { ERROR_CODES } from '../../errors/codes.js'
import type { CheckResult } from './checks.js'
import type { Fault } from './faults.js'
import type { HistoryEvent } from './history.js'
import type { RoundTimings, Spread, TimingName } from './timings.js'

export interface RoundReport {
  readonly round: number
  readonly fault: Fault
  /** The node the fault hit (`all` for restart-all). */
  readonly target: string
  /** Who took writes before and after the round. */
  readonly writerBefore: string | null
  readonly writerAfter: string | null
  readonly timings: RoundTimings
}

export interface OperationCounts {
  readonly total: number
  readonly ok: number
  readonly fail: number
  readonly info: number
}

export type DrillVerdict = 'passed' | 'safety-check-failed' | 'slo-missed'

export interface DrillReport {
  readonly verdict: DrillVerdict
  readonly target: { readonly kind: 'local' | 'remote'; readonly mode: string; readonly nodes: readonly string[] }
  readonly fault: Fault
  readonly clients: number
  readonly rounds: readonly RoundReport[]
  readonly timings: Record<TimingName, Spread>
  readonly operations: OperationCounts
  readonly checks: readonly CheckResult[]
  /** The SLO on the median unavailability window, when --slo-failover was given. */
  readonly slo: { readonly failoverMs: number; readonly medianMs: number | null; readonly met: boolean } | null
  readonly historyFile: string | null
  readonly durationMs: number
}

export function countOperations(events: readonly HistoryEvent[]): OperationCounts {
  const completions = events.filter((event) => event.type !== 'invoke')
  const invokes = events.filter((event) => event.type === 'invoke').length
  const ok = completions.filter((event) => event.type === 'ok').length
  const fail = completions.filter((event) => event.type === 'fail').length
  // Invokes that never completed count as info, as the history model says.
  return { total: invokes, ok, fail, info: invokes - ok - fail }
}

/** The exit code of a drill that ran: 0 passed, then the codes of the two drill errors. */
export function verdictExitCode(verdict: DrillVerdict): number {
  if (verdict === 'safety-check-failed') return ERROR_CODES['Nornic.Drill.SafetyCheckFailed'].exitCode
  if (verdict === 'slo-missed') return ERROR_CODES['Nornic.Drill.SloMissed'].exitCode
  return 0
}

/** A safety failure outranks a missed SLO: a fast failover that loses data has not passed. */
export function drillVerdict(checks: readonly CheckResult[], slo: DrillReport['slo']): DrillVerdict {
  if (checks.some((check) => !check.ok)) return 'safety-check-failed'
  if (slo !== null && !slo.met) return 'slo-missed'
  return 'passed'
}
