import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import chalk from 'chalk'
import { renderDrillReport, renderRoundLine } from '../../../../src/ops/cli/render-drill.js'
import type { DrillReport, RoundReport } from '../../../../src/ops/drill/report.js'
import { summarizeTimings } from '../../../../src/ops/drill/timings.js'

chalk.level = 0

const round: RoundReport = {
  round: 1, fault: 'kill-leader', target: 'node-1', writerBefore: 'node-1', writerAfter: 'node-2',
  timings: { detectionMs: 40, newLeaderMs: 310.4, firstAckMs: 350, unavailableMs: 420, writesInDoubt: 3 },
}

function report(overrides: Partial<DrillReport> = {}): DrillReport {
  return {
    verdict: 'passed',
    target: { kind: 'local', mode: 'raft', nodes: ['node-1', 'node-2', 'node-3'] },
    fault: 'kill-leader',
    clients: 8,
    rounds: [round],
    timings: summarizeTimings([round.timings]),
    operations: { total: 100, ok: 90, fail: 7, info: 3 },
    checks: [{ name: 'lost-writes', ok: true, detail: '40 acknowledged adds present on every node' }, { name: 'convergence', ok: true, detail: '3 nodes at applied index 9' }],
    slo: null,
    historyFile: null,
    durationMs: 9000,
    ...overrides,
  }
}

describe('drill rendering', () => {
  it('the live line of a round names the fault, the change of leader and its figures', () => {
    assert.equal(renderRoundLine(round, 3), 'round 1/3 kill-leader node-1: node-1 -> node-2; detected 40 ms, new leader 310 ms, first ack 350 ms, unavailable 420 ms, 3 in doubt so far')
    assert.match(renderRoundLine({ ...round, writerAfter: 'node-1', timings: { ...round.timings, newLeaderMs: null } }, 3), /node-1 still leads; detected 40 ms, new leader -,/)
  })

  it('the report has the timing table, the operations, each check and the verdict', () => {
    const text = renderDrillReport(report())
    assert.match(text, /kill-leader x1 on a local raft cluster \(node-1, node-2, node-3\), 8 clients, 9\.0s/)
    assert.match(text, /unavailability window\s*│ 420 ms\s*│ 420 ms\s*│ 420 ms/)
    assert.match(text, /writes in doubt\s*│ 3\s*│ 3\s*│ 3/)
    assert.match(text, /operations: 100 \(90 ok, 7 fail, 3 unknown\)/)
    assert.match(text, /lost-writes\s*│ pass/)
    assert.match(text, /PASSED$/)
  })

  it('a failed check and a missed SLO say so', () => {
    const failed = report({ verdict: 'safety-check-failed', checks: [{ name: 'lost-writes', ok: false, detail: '1 acknowledged adds missing: 7 on node-2' }] })
    assert.match(renderDrillReport(failed), /lost-writes\s*│ FAIL\s*│ 1 acknowledged adds missing: 7 on node-2/)
    assert.match(renderDrillReport(failed), /SAFETY CHECK FAILED$/)
    const slow = report({ verdict: 'slo-missed', slo: { failoverMs: 200, medianMs: 420, met: false } })
    assert.match(renderDrillReport(slow), /SLO MISSED: median unavailability 420 ms > 200 ms$/)
  })
})
