import type { ScenarioOutcome } from './scenario.js'

/**
 * The areas nornic's Cypher subset aims to pass: the clauses and expressions a graph
 * database node needs for everyday reads and writes. The ratchet (baseline.json) counts
 * passing scenarios in these areas only.
 */
export const TARGET_AREAS: readonly string[] = [
  ...['create', 'delete', 'match', 'match-where', 'merge', 'remove', 'return', 'return-orderby',
    'return-skip-limit', 'set', 'union', 'unwind', 'with', 'with-orderBy', 'with-skip-limit', 'with-where',
  ].map((clause) => `clauses/${clause}`),
  ...['aggregation', 'boolean', 'comparison', 'conditional', 'graph', 'list', 'literals', 'map', 'mathematical',
    'null', 'path', 'pattern', 'precedence', 'string', 'typeConversion',
  ].map((expression) => `expressions/${expression}`),
]

export interface Tally {
  readonly passed: number
  readonly total: number
}

export interface AreaTally extends Tally {
  readonly area: string
  readonly target: boolean
}

export interface TckReport {
  readonly areas: readonly AreaTally[]
  readonly all: Tally
  readonly target: Tally
  /**
   * Passing error scenarios by how the engine's facts.detail compared with the expected
   * detail: judged apart from pass/fail, since the type is what the scenario requires.
   */
  readonly errorDetails: Readonly<Record<'same' | 'different' | 'absent', number>>
  readonly failures: readonly ScenarioOutcome[]
  readonly detailMismatches: readonly ScenarioOutcome[]
}

export function summarize(outcomes: readonly ScenarioOutcome[]): TckReport {
  const byArea = new Map<string, { passed: number; total: number }>()
  for (const outcome of outcomes) {
    const tally = byArea.get(outcome.area) ?? { passed: 0, total: 0 }
    tally.total++
    if (outcome.passed) tally.passed++
    byArea.set(outcome.area, tally)
  }
  const areas = [...byArea]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([area, tally]) => ({ area, target: TARGET_AREAS.includes(area), ...tally }))
  const errorDetails = { same: 0, different: 0, absent: 0 }
  for (const outcome of outcomes) if (outcome.errorDetail !== undefined) errorDetails[outcome.errorDetail]++
  return {
    areas,
    all: total(areas),
    target: total(areas.filter((area) => area.target)),
    errorDetails,
    failures: outcomes.filter((outcome) => !outcome.passed),
    detailMismatches: outcomes.filter((outcome) => outcome.errorDetail === 'different'),
  }
}

function total(tallies: readonly Tally[]): Tally {
  return tallies.reduce((sum, tally) => ({ passed: sum.passed + tally.passed, total: sum.total + tally.total }), { passed: 0, total: 0 })
}

/** The table printed after a run; with `verbose`, every failure and detail mismatch too. */
export function renderReport(report: TckReport, verbose: boolean): string {
  const width = Math.max(...report.areas.map((area) => area.area.length), 'target set'.length) + 2
  const line = (name: string, tally: Tally, mark = ''): string =>
    `${name.padEnd(width)}${`${tally.passed}/${tally.total}`.padStart(11)}${percent(tally).padStart(8)}${mark}`
  const lines = [
    `${'area'.padEnd(width)}${'pass/total'.padStart(11)}${'%'.padStart(8)}`,
    ...report.areas.map((area) => line(area.area, area, area.target ? '  *' : '')),
    '',
    line('target set', report.target, '  (areas marked *)'),
    line('all', report.all),
    `error details of passing error scenarios: ${report.errorDetails.same} same, ` +
      `${report.errorDetails.different} different, ${report.errorDetails.absent} absent`,
  ]
  if (verbose) {
    lines.push('', 'failures:', ...report.failures.map((outcome) => `  ${outcome.id}  ${oneLine(outcome.reason ?? '')}`))
    lines.push('', 'detail mismatches:', ...report.detailMismatches.map((outcome) => `  ${outcome.id}  ${outcome.errorDetailNote ?? ''}`))
  }
  return lines.join('\n')
}

/** Engine messages may quote multi-line queries; a report line stays one line. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ')
}

function percent(tally: Tally): string {
  return tally.total === 0 ? '-' : `${((100 * tally.passed) / tally.total).toFixed(1)}%`
}
