import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { pairOperations, valueKey, type Operation } from '../../../../src/ops/drill/history.js'
import { checkRegisters } from '../../../../src/ops/drill/linearizability/index.js'
import { simulateRegisterHistory } from './support/simulated-register.js'

const simulation = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  operations: fc.integer({ min: 1, max: 120 }),
  processes: fc.integer({ min: 1, max: 6 }),
  keys: fc.integer({ min: 1, max: 3 }),
  infoRate: fc.constantFrom(0, 0.05, 0.2),
  failRate: fc.constantFrom(0, 0.1),
})

/** Replaces what one acknowledged read returned with a value no op ever wrote. */
function corruptOneRead(operations: readonly Operation[], choice: number): Operation[] | undefined {
  const reads = operations.filter((operation) => operation.f === 'read' && operation.outcome === 'ok')
  const victim = reads[choice % Math.max(1, reads.length)]
  if (victim === undefined) return undefined
  return operations.map((operation) => (operation === victim ? { ...operation, value: 'never-written' } : operation))
}

/**
 * The definition, by brute force: some order of the ops that happened (all `ok` ops, any subset of
 * the `info` writes and cas) runs on one register, and an op that returned before another was
 * invoked comes first. Fine for a handful of ops.
 */
function linearizableByBruteForce(operations: readonly Operation[]): boolean {
  const candidates = operations.filter((operation) => operation.outcome === 'ok' || (operation.outcome === 'info' && operation.f !== 'read'))
  const search = (state: string, left: readonly Operation[]): boolean => {
    if (left.every((operation) => operation.outcome === 'info')) return true
    return left.some((next) => {
      const mustWait = left.some((other) => other !== next && other.completeTime !== undefined && other.completeTime < next.invokeTime)
      if (mustWait) return false
      const after = step(state, next)
      return after !== undefined && search(after, left.filter((operation) => operation !== next))
    })
  }
  return search(valueKey(null), candidates)
}

function step(state: string, operation: Operation): string | undefined {
  if (operation.f === 'read') return valueKey(operation.value) === state ? state : undefined
  if (operation.f === 'write') return valueKey(operation.value)
  const [expected, next] = operation.value as [unknown, unknown]
  return valueKey(expected) === state ? valueKey(next) : undefined
}

const small = fc.constantFrom(null, 1, 2, 3)
const arbitraryOperation = fc
  .record({
    f: fc.constantFrom('read', 'write', 'cas') as fc.Arbitrary<'read' | 'write' | 'cas'>,
    single: small,
    pair: fc.tuple(small, small),
    outcome: fc.constantFrom('ok', 'ok', 'ok', 'info', 'fail') as fc.Arbitrary<'ok' | 'info' | 'fail'>,
    invokeTime: fc.integer({ min: 0, max: 12 }),
    length: fc.integer({ min: 0, max: 6 }),
  })
  .map(({ f, single, pair, outcome, invokeTime, length }, ): Omit<Operation, 'index' | 'process'> => ({
    f, key: 'x', value: f === 'cas' ? pair : single, outcome, invokeTime, completeTime: outcome === 'info' ? undefined : invokeTime + length, node: 'node-1',
  }))
const arbitraryHistory = fc.array(arbitraryOperation, { minLength: 0, maxLength: 7 }).map((operations) =>
  operations.map((operation, index): Operation => ({ ...operation, index, process: index })))

describe('register linearizability, property-based', () => {
  it('agrees with a brute-force search over every order, on small random histories', () => {
    fc.assert(
      fc.property(arbitraryHistory, (operations) => {
        const expected = linearizableByBruteForce(operations) ? 'linearizable' : 'not-linearizable'
        assert.equal(checkRegisters(operations).verdict, expected)
      }),
      { numRuns: 3000 },
    )
  })

  it('histories of a real atomic register stay linearizable at higher concurrency and length', () => {
    for (const seed of [1, 2, 3]) {
      const events = simulateRegisterHistory({ seed, operations: 3000, processes: 16, keys: 2, infoRate: 0.1, failRate: 0.05 })
      assert.equal(checkRegisters(pairOperations(events)).verdict, 'linearizable', `seed ${seed}`)
    }
  })

  it('histories of a real atomic register, with any concurrency and info/fail outcomes, are linearizable', () => {
    fc.assert(
      fc.property(simulation, (options) => {
        const result = checkRegisters(pairOperations(simulateRegisterHistory(options)))
        assert.equal(result.verdict, 'linearizable', JSON.stringify({ options, result }))
      }),
      { numRuns: 300 },
    )
  })

  it('the same histories with one read value corrupted to a never-written value are never linearizable', () => {
    fc.assert(
      fc.property(simulation, fc.nat(), (options, choice) => {
        const corrupted = corruptOneRead(pairOperations(simulateRegisterHistory(options)), choice)
        fc.pre(corrupted !== undefined)
        const result = checkRegisters(corrupted as Operation[])
        assert.equal(result.verdict, 'not-linearizable', JSON.stringify({ options, choice }))
        assert.ok(result.verdict === 'not-linearizable')
        assert.equal(result.explanation.unplaceable.value, 'never-written')
      }),
      { numRuns: 300 },
    )
  })

  it('a checked history keeps its verdict when its ops come in another order', () => {
    fc.assert(
      fc.property(simulation, fc.nat(), (options, choice) => {
        const operations = pairOperations(simulateRegisterHistory(options))
        const corrupted = corruptOneRead(operations, choice) ?? operations
        const expected = checkRegisters(corrupted).verdict
        assert.equal(checkRegisters([...corrupted].reverse()).verdict, expected)
      }),
      { numRuns: 100 },
    )
  })
})
