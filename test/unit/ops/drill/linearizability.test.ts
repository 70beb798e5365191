import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkRegisters } from '../../../../src/ops/drill/linearizability/index.js'
import { fail, info, ok } from './support/operations.js'

// Verdicts follow the definition of Herlihy & Wing: each op takes effect at one instant between
// its invoke and its completion, in an order a single register could have produced.
describe('register linearizability', () => {
  it('an empty history is linearizable', () => {
    assert.equal(checkRegisters([]).verdict, 'linearizable')
  })

  it('a read of a key never written sees the initial value', () => {
    assert.equal(checkRegisters([ok(0, 'read', null, 0, 1)]).ok, true)
    assert.equal(checkRegisters([ok(0, 'read', 3, 0, 1)]).ok, false)
    assert.equal(checkRegisters([ok(0, 'read', 3, 0, 1)], { initialValue: 3 }).ok, true)
  })

  it('a stale read after a completed write is not linearizable', () => {
    const result = checkRegisters([ok(0, 'write', 1, 0, 10), ok(1, 'write', 2, 20, 30), ok(0, 'read', 1, 40, 50)])
    assert.equal(result.verdict, 'not-linearizable')
    assert.ok(result.verdict === 'not-linearizable')
    assert.equal(result.key, 'x')
    assert.equal(result.explanation.unplaceable.f, 'read')
    assert.deepEqual(result.explanation.unplaceable.value, 1)
    assert.deepEqual(result.explanation.linearized.map((step) => step.operation.value), [1, 2])
    assert.equal(result.explanation.valueBefore, '2')
    assert.match(result.explanation.message, /key x is not linearizable/)
  })

  it('a read concurrent with a write may see the old or the new value', () => {
    for (const seen of [null, 1]) {
      assert.equal(checkRegisters([ok(0, 'write', 1, 0, 10), ok(1, 'read', seen, 5, 15)]).ok, true, `read ${seen}`)
    }
    assert.equal(checkRegisters([ok(0, 'write', 1, 0, 10), ok(1, 'read', 2, 5, 15)]).ok, false)
  })

  it('two reads may not see a concurrent write in opposite orders (new then old)', () => {
    // Both reads overlap the write, but the first read finished before the second began.
    const history = [ok(0, 'write', 1, 0, 100), ok(1, 'read', 1, 10, 20), ok(2, 'read', null, 30, 40)]
    assert.equal(checkRegisters(history).verdict, 'not-linearizable')
    const reversed = [ok(0, 'write', 1, 0, 100), ok(1, 'read', null, 10, 20), ok(2, 'read', 1, 30, 40)]
    assert.equal(checkRegisters(reversed).ok, true)
  })

  it('a later op may be ordered before an earlier concurrent one when the reads need it', () => {
    const history = [ok(0, 'write', 1, 0, 50), ok(1, 'write', 2, 10, 20), ok(2, 'read', 1, 60, 70)]
    assert.equal(checkRegisters(history).ok, true)
    const forced = [ok(0, 'write', 1, 0, 5), ok(1, 'write', 2, 10, 20), ok(2, 'read', 1, 60, 70)]
    assert.equal(checkRegisters(forced).ok, false)
  })

  it('cas succeeds only on the expected value', () => {
    assert.equal(checkRegisters([ok(0, 'write', 1, 0, 1), ok(0, 'cas', [1, 2], 2, 3), ok(0, 'read', 2, 4, 5)]).ok, true)
    assert.equal(checkRegisters([ok(0, 'write', 1, 0, 1), ok(0, 'cas', [3, 2], 2, 3)]).verdict, 'not-linearizable')
    assert.equal(checkRegisters([ok(0, 'write', 1, 0, 1), ok(0, 'cas', [1, 2], 2, 3), ok(0, 'read', 1, 4, 5)]).ok, false)
  })

  it('a failed op is dropped: it surely did not happen', () => {
    assert.equal(checkRegisters([ok(0, 'write', 1, 0, 1), fail(1, 'write', 2, 2, 3), ok(0, 'read', 1, 4, 5)]).ok, true)
    assert.equal(checkRegisters([ok(0, 'write', 1, 0, 1), fail(1, 'cas', [1, 2], 2, 3), ok(0, 'read', 2, 4, 5)]).ok, false)
  })

  it('an info write that later shows up in a read is fine, and so is one that never shows up', () => {
    assert.equal(checkRegisters([ok(0, 'write', 1, 0, 1), info(1, 'write', 2, 2), ok(0, 'read', 1, 10, 11), ok(0, 'read', 2, 20, 21)]).ok, true)
    assert.equal(checkRegisters([ok(0, 'write', 1, 0, 1), info(1, 'write', 2, 2), ok(0, 'read', 1, 10, 11)]).ok, true)
  })

  it('an info write may not take effect before its invoke', () => {
    assert.equal(checkRegisters([ok(0, 'read', 2, 0, 1), info(1, 'write', 2, 5)]).ok, false)
  })

  it('an info write that shows up, disappears and shows up again is not linearizable', () => {
    const history = [ok(0, 'write', 1, 0, 1), info(1, 'write', 2, 2), ok(0, 'read', 2, 10, 11), ok(0, 'read', 1, 20, 21), ok(0, 'read', 2, 30, 31)]
    const result = checkRegisters(history)
    assert.equal(result.verdict, 'not-linearizable')
    assert.ok(result.verdict === 'not-linearizable')
    // Once the read of 2 placed the info write, nothing can bring back 1.
    assert.deepEqual(result.explanation.unplaceable.value, 1)
    assert.equal(result.explanation.valueBefore, '2')
  })

  it('two info writes of the same value may explain two appearances', () => {
    const history = [ok(0, 'write', 1, 0, 1), info(1, 'write', 2, 2), info(2, 'write', 2, 3), ok(0, 'read', 2, 10, 11), ok(0, 'write', 1, 15, 16), ok(0, 'read', 2, 30, 31)]
    assert.equal(checkRegisters(history).ok, true)
  })

  it('an info cas may take effect or not, but only on its expected value', () => {
    assert.equal(checkRegisters([ok(0, 'write', 1, 0, 1), info(1, 'cas', [1, 5], 2), ok(0, 'read', 5, 10, 11)]).ok, true)
    assert.equal(checkRegisters([ok(0, 'write', 1, 0, 1), info(1, 'cas', [1, 5], 2), ok(0, 'read', 1, 10, 11)]).ok, true)
    assert.equal(checkRegisters([ok(0, 'write', 3, 0, 1), info(1, 'cas', [1, 5], 2), ok(0, 'read', 5, 10, 11)]).ok, false)
  })

  it('an info read constrains nothing', () => {
    assert.equal(checkRegisters([ok(0, 'write', 1, 0, 1), info(1, 'read', 7, 2)]).ok, true)
  })

  it('ops touching at one clock reading count as concurrent', () => {
    assert.equal(checkRegisters([ok(0, 'write', 1, 0, 10), ok(1, 'read', null, 10, 20)]).ok, true)
    assert.equal(checkRegisters([ok(0, 'write', 1, 0, 10), ok(1, 'read', null, 11, 20)]).ok, false)
  })

  it('keys are checked apart, and the failing key is named', () => {
    const history = [ok(0, 'write', 1, 0, 10, 'a'), ok(1, 'read', 1, 20, 30, 'b'), ok(2, 'read', 1, 20, 30, 'a')]
    const result = checkRegisters(history)
    assert.ok(result.verdict === 'not-linearizable')
    assert.equal(result.key, 'b')
    const keyA = checkRegisters(history.filter((operation) => operation.key === 'a'))
    assert.equal(keyA.ok, true)
    assert.ok(keyA.verdict === 'linearizable')
    assert.equal(keyA.keys, 1)
  })

  it('a search that runs out of budget answers unknown, never ok', () => {
    const history = [ok(0, 'write', 1, 0, 100), ok(1, 'write', 2, 0, 100), ok(2, 'read', 2, 0, 100), ok(3, 'read', 1, 0, 100), ok(4, 'read', 1, 110, 120)]
    assert.equal(checkRegisters(history).ok, true)
    const result = checkRegisters(history, { maxConfigurations: 1 })
    assert.equal(result.ok, false)
    assert.ok(result.verdict === 'unknown')
    assert.equal(result.key, 'x')
    assert.match(result.reason, /budget of 1 configurations/)
    let clock = 0
    const timed = checkRegisters(history, { timeLimitMs: 5, now: () => (clock += 10) })
    assert.equal(timed.ok, false)
    assert.ok(timed.verdict === 'unknown')
    assert.match(timed.reason, /ran out of time/)
    assert.equal(checkRegisters(history, { timeLimitMs: 60_000 }).ok, true)
  })

  it('a key that runs out of budget does not hide a failure in another key', () => {
    const busy = [ok(0, 'write', 1, 0, 100, 'a'), ok(1, 'write', 2, 0, 100, 'a'), ok(2, 'read', 2, 0, 100, 'a'), ok(3, 'read', 1, 0, 100, 'a'), ok(4, 'read', 1, 110, 120, 'a')]
    const stale = [ok(0, 'write', 1, 0, 10, 'b'), ok(1, 'read', null, 20, 30, 'b')]
    const result = checkRegisters([...busy, ...stale], { maxConfigurations: 3 })
    assert.ok(result.verdict === 'not-linearizable')
    assert.equal(result.key, 'b')
    assert.equal(checkRegisters(busy, { maxConfigurations: 3 }).verdict, 'unknown')
  })
})
