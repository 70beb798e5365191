import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runChecks, type CheckName } from '../../../../src/ops/drill/checks.js'
import type { ConvergenceResult } from '../../../../src/ops/drill/convergence.js'
import type { HistoryEvent } from '../../../../src/ops/drill/history.js'
import { drillVerdict, verdictExitCode } from '../../../../src/ops/drill/report.js'
import { findSplitBrains, type StatusSample } from '../../../../src/ops/drill/status-sampler.js'

type Op = [process: number, f: HistoryEvent['f'], key: string, value: unknown, outcome: 'ok' | 'fail' | 'info', invoke: number, complete: number, node?: string]

/** Invoke and completion events of non-overlapping ops; an ok read's completion carries the value read. */
function history(ops: readonly Op[]): HistoryEvent[] {
  return ops.flatMap(([process, f, key, value, outcome, invoke, complete, node = 'node-1']) => [
    { process, type: 'invoke' as const, f, key, value: f === 'read' ? null : value, time: invoke, node },
    { process, type: outcome, f, key, value, time: complete, node },
  ])
}

const converged: ConvergenceResult = { ok: true, nodes: [{ node: 'node-1', appliedIndex: 9, checksum: 'abc', nodeCount: 3 }, { node: 'node-2', appliedIndex: 9, checksum: 'abc', nodeCount: 3 }] }
const writer = (time: number, node: string, term: number): StatusSample => ({ time, node, writer: true, writerId: node, term, appliedIndex: null })

/** A clean drill: two adds (one in doubt that took effect), register writes, a read and a cas, final reads on both nodes. */
const clean: Op[] = [
  [0, 'add', 'set', 1, 'ok', 1, 2],
  [1, 'add', 'set', 2, 'info', 1, 3],
  [0, 'write', 'r0', 10, 'ok', 4, 5],
  [1, 'read', 'r0', 10, 'ok', 6, 7],
  [0, 'cas', 'r0', [10, 11], 'ok', 8, 9],
  [1, 'read', 'r0', 11, 'ok', 10, 11],
  [8, 'read', 'set', [1, 2], 'ok', 20, 21, 'node-1'],
  [9, 'read', 'set', [1, 2], 'ok', 20, 21, 'node-2'],
]

function failing(events: HistoryEvent[], samples: StatusSample[] = [writer(1, 'node-1', 1)], convergence = converged): CheckName[] {
  return runChecks({ events, samples, convergence }).filter((check) => !check.ok).map((check) => check.name)
}

// Issue 8, Checks and Tests: each check can fail the drill; planted anomalies are caught and a
// clean history passes.
describe('drill safety checks', () => {
  it('a clean history passes every check', () => {
    const checks = runChecks({ events: history(clean), samples: [writer(1, 'node-1', 1), writer(5, 'node-2', 2)], convergence: converged })
    assert.deepEqual(checks.map((check) => [check.name, check.ok]), [
      ['lost-writes', true], ['unexpected-values', true], ['linearizable-registers', true], ['one-writer-per-term', true], ['convergence', true],
    ])
    assert.equal(drillVerdict(checks, null), 'passed')
  })

  it('catches a lost write: an acknowledged add missing from one node\'s final read', () => {
    const events = history(clean.map((op): Op => (op[0] === 9 ? [9, 'read', 'set', [2], 'ok', 20, 21, 'node-2'] : op)))
    assert.deepEqual(failing(events), ['lost-writes'])
    const detail = runChecks({ events, samples: [], convergence: converged })[0]?.detail
    assert.match(detail ?? '', /1 on node-2/)
  })

  it('catches a value never written, in the set and in a register', () => {
    const events = history([...clean.slice(0, 6), [1, 'read', 'r0', 99, 'ok', 12, 13], [8, 'read', 'set', [1, 2, 7], 'ok', 20, 21, 'node-1'], clean[7] as Op])
    assert.deepEqual(failing(events), ['unexpected-values', 'linearizable-registers'])
  })

  it('catches a stale read: the value a completed cas replaced, read after it', () => {
    const events = history([...clean, [1, 'read', 'r0', 10, 'ok', 12, 13]])
    assert.deepEqual(failing(events), ['linearizable-registers'])
  })

  it('catches two primaries acknowledging in one epoch, from the status samples', () => {
    const samples = [writer(1, 'primary-1', 1), writer(2, 'standby-1', 2), writer(3, 'primary-1', 2)]
    assert.deepEqual(findSplitBrains(samples), [{ term: 2, writers: ['primary-1', 'standby-1'] }])
    assert.deepEqual(failing(history(clean), samples), ['one-writer-per-term'])
  })

  it('fails when the nodes do not converge', () => {
    const diverged: ConvergenceResult = { ok: false, nodes: converged.nodes, problem: 'graph checksums differ' }
    assert.deepEqual(failing(history(clean), undefined, diverged), ['convergence'])
  })

  it('a safety failure outranks a missed SLO, which outranks nothing', () => {
    const checks = runChecks({ events: history(clean), samples: [], convergence: converged })
    const missed = { failoverMs: 100, medianMs: 300, met: false }
    assert.equal(drillVerdict(checks, missed), 'slo-missed')
    assert.equal(drillVerdict([...checks, { name: 'convergence', ok: false, detail: '' }], missed), 'safety-check-failed')
  })

  it('exits 0 when passed, 3 when a safety check failed, 4 when the SLO was missed (issue 8, Output)', () => {
    assert.deepEqual(['passed', 'safety-check-failed', 'slo-missed'].map((verdict) => verdictExitCode(verdict as 'passed')), [0, 3, 4])
  })
})
