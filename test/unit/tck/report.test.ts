import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { renderReport, summarize } from '../../tck/report.js'
import type { ScenarioOutcome } from '../../tck/scenario.js'

const outcomes: ScenarioOutcome[] = [
  { id: 'clauses/match/Match1.feature:1', area: 'clauses/match', passed: true },
  { id: 'clauses/match/Match1.feature:2', area: 'clauses/match', passed: false, reason: 'rows differ\nacross lines' },
  { id: 'clauses/call/Call1.feature:1', area: 'clauses/call', passed: true },
  { id: 'expressions/list/List1.feature:1', area: 'expressions/list', passed: true, errorDetail: 'different', errorDetailNote: 'expected detail A, got B' },
  { id: 'expressions/list/List1.feature:2', area: 'expressions/list', passed: true, errorDetail: 'absent' },
]

describe('TCK report', () => {
  const report = summarize(outcomes)

  test('tallies each area, the target set and everything', () => {
    assert.deepEqual(report.areas, [
      { area: 'clauses/call', target: false, passed: 1, total: 1 },
      { area: 'clauses/match', target: true, passed: 1, total: 2 },
      { area: 'expressions/list', target: true, passed: 2, total: 2 },
    ])
    assert.deepEqual(report.target, { passed: 3, total: 4 })
    assert.deepEqual(report.all, { passed: 4, total: 5 })
  })

  test('counts how the error details of passing error scenarios compared', () => {
    assert.deepEqual(report.errorDetails, { same: 0, different: 1, absent: 1 })
    assert.deepEqual(report.detailMismatches.map((outcome) => outcome.id), ['expressions/list/List1.feature:1'])
  })

  test('the verbose report lists each failure on one line and each detail mismatch', () => {
    const text = renderReport(report, true)
    assert.match(text, /^target set +3\/4 +75\.0%/m)
    assert.match(text, /^ {2}clauses\/match\/Match1\.feature:2 {2}rows differ across lines$/m)
    assert.match(text, /^ {2}expressions\/list\/List1\.feature:1 {2}expected detail A, got B$/m)
    assert.doesNotMatch(renderReport(report, false), /failures:/)
  })
})
