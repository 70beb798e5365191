import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { HistoryEvent } from '../../../../src/ops/drill/history.js'
import type { StatusSample } from '../../../../src/ops/drill/status-sampler.js'
import { roundTimings, spread, summarizeTimings } from '../../../../src/ops/drill/timings.js'

const event = (process: number, type: HistoryEvent['type'], f: HistoryEvent['f'], time: number): HistoryEvent => ({ process, type, f, key: f === 'add' ? 'set' : 'r0', value: 1, time, node: 'node-1' })
const sample = (time: number, node: string, writer: boolean, writerId: string | null, term: number): StatusSample => ({ time, node, writer, writerId, term, appliedIndex: null })

// Issue 8, Timings: detection, new leader visible, first ack after the fault, the unavailability
// window (last ack before to first ack after), writes in doubt; min, median and max over rounds.
describe('drill round timings', () => {
  const window = { faultTime: 1000, endTime: 5000, writerBefore: 'node-1', termBefore: 2 }
  const events: HistoryEvent[] = [
    event(0, 'invoke', 'add', 900), event(0, 'ok', 'add', 950),
    event(1, 'invoke', 'read', 960), event(1, 'ok', 'read', 990),
    event(0, 'invoke', 'write', 980), event(0, 'info', 'write', 1500),
    event(2, 'invoke', 'cas', 1100), event(2, 'fail', 'cas', 1200),
    event(2, 'invoke', 'add', 1300), event(2, 'ok', 'add', 1700),
    event(0, 'invoke', 'add', 1600), event(0, 'ok', 'add', 1800),
    event(3, 'invoke', 'write', 1650), event(3, 'info', 'write', 1900),
    event(4, 'invoke', 'write', 1950),
  ]
  const samples: StatusSample[] = [
    sample(900, 'node-2', false, 'node-1', 2),
    sample(1100, 'node-2', false, 'node-1', 2),
    sample(1250, 'node-3', false, null, 2),
    sample(1400, 'node-2', true, 'node-2', 3),
  ]

  it('counts each figure from the fault, from the history and the samples', () => {
    assert.deepEqual(roundTimings(events, samples, window), {
      detectionMs: 250,
      newLeaderMs: 400,
      firstAckMs: 700,
      unavailableMs: 750,
      // The info write invoked before the fault is the previous round's; one still in flight is not counted.
      writesInDoubt: 1,
    })
  })

  it('leaves a figure null when it never happened in the round', () => {
    const timings = roundTimings(events.slice(0, 4), [], window)
    assert.deepEqual([timings.detectionMs, timings.newLeaderMs, timings.firstAckMs, timings.unavailableMs], [null, null, null, null])
  })

  it('a leader that keeps leading in a newer term is a new leader (a pause that ends in re-election)', () => {
    const timings = roundTimings([], [sample(1200, 'node-1', true, 'node-1', 2), sample(1300, 'node-1', true, 'node-1', 4)], window)
    assert.equal(timings.newLeaderMs, 300)
  })

  it('min, median (mean of the middle two when even) and max skip the missing figures', () => {
    assert.deepEqual(spread([300, null, 100, 200]), { min: 100, median: 200, max: 300 })
    assert.deepEqual(spread([400, 100, 200, 300]), { min: 100, median: 250, max: 400 })
    assert.deepEqual(spread([null]), { min: null, median: null, max: null })
    const summary = summarizeTimings([roundTimings(events, samples, window), roundTimings([], [], window)])
    assert.deepEqual(summary.detectionMs, { min: 250, median: 250, max: 250 })
    assert.deepEqual(summary.writesInDoubt, { min: 0, median: 0.5, max: 1 })
  })
})
