import chalk from 'chalk'
import Table from 'cli-table3'
import type { DrillReport, RoundReport } from '../drill/report.js'
import { TIMING_NAMES, type TimingName } from '../drill/timings.js'

const TIMING_TITLES: Readonly<Record<TimingName, string>> = {
  detectionMs: 'detection',
  newLeaderMs: 'new leader visible',
  firstAckMs: 'first ack after fault',
  unavailableMs: 'unavailability window',
  writesInDoubt: 'writes in doubt',
}

const ms = (value: number | null): string => (value === null ? chalk.dim('-') : `${Math.round(value)} ms`)
const figure = (name: TimingName, value: number | null): string => (name === 'writesInDoubt' ? (value === null ? chalk.dim('-') : String(value)) : ms(value))

/**
 * The live line of a round, as it ends. Writes still in flight then may yet time out, so its count
 * of writes in doubt is a floor; the report recounts each round over its whole window.
 */
export function renderRoundLine(round: RoundReport, rounds: number): string {
  const { timings } = round
  const writer = round.writerAfter === round.writerBefore ? `${round.writerAfter ?? '?'} still leads` : `${round.writerBefore ?? '?'} -> ${round.writerAfter ?? '?'}`
  return `round ${round.round}/${rounds} ${round.fault} ${round.target}: ${writer}; detected ${ms(timings.detectionMs)}, new leader ${ms(timings.newLeaderMs)}, first ack ${ms(timings.firstAckMs)}, unavailable ${ms(timings.unavailableMs)}, ${timings.writesInDoubt} in doubt so far`
}

/** The final report for a person: timings over the rounds, the operations, each check and the verdict. */
export function renderDrillReport(report: DrillReport): string {
  const timings = new Table({ head: ['timing', 'min', 'median', 'max'].map((title) => chalk.bold(title)), style: { head: [], border: [], compact: true } })
  for (const name of TIMING_NAMES) {
    const spread = report.timings[name]
    timings.push([TIMING_TITLES[name], figure(name, spread.min), figure(name, spread.median), figure(name, spread.max)])
  }
  const checks = new Table({ head: ['check', 'result', 'detail'].map((title) => chalk.bold(title)), style: { head: [], border: [], compact: true }, wordWrap: true, colWidths: [26, 8, 80] })
  for (const check of report.checks) checks.push([check.name, check.ok ? chalk.green('pass') : chalk.red('FAIL'), check.detail])
  const { operations } = report
  const verdict = report.verdict === 'passed'
    ? chalk.bold.green('PASSED')
    : report.verdict === 'slo-missed'
      ? chalk.bold.yellow(`SLO MISSED: median unavailability ${ms(report.slo?.medianMs ?? null)} > ${ms(report.slo?.failoverMs ?? null)}`)
      : chalk.bold.red('SAFETY CHECK FAILED')
  return [
    `${report.fault} x${report.rounds.length} on a ${report.target.kind} ${report.target.mode} cluster (${report.target.nodes.join(', ')}), ${report.clients} clients, ${(report.durationMs / 1000).toFixed(1)}s`,
    timings.toString(),
    `operations: ${operations.total} (${operations.ok} ok, ${operations.fail} fail, ${operations.info} unknown)${report.historyFile === null ? '' : `; history in ${report.historyFile}`}`,
    checks.toString(),
    verdict,
  ].join('\n')
}
