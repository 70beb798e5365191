/**
 * Histories from a simulated atomic register: processes invoke ops, each op takes effect at one
 * instant of its own choosing between its invoke and its completion (or, for an op whose client
 * gave up, at any later instant or never), so every history it produces is linearizable.
 * Deterministic for a seed; shared by the property tests and the checker benchmark.
 */
import type { HistoryEvent, OperationFunction } from '../../../../../src/ops/drill/history.js'

export interface SimulationOptions {
  readonly seed: number
  /** Invokes to record (each gets one completion, or none when the history ends first). */
  readonly operations: number
  readonly processes: number
  readonly keys: number
  /** Chance that a client records `info` instead of the real outcome. */
  readonly infoRate: number
  /** Chance that an op is refused before taking effect (recorded as `fail`). */
  readonly failRate: number
}

type Phase = 'idle' | 'invoked' | 'applied'

interface InFlight {
  f: OperationFunction
  key: string
  value: unknown
  phase: Phase
  result?: { outcome: 'ok' | 'fail'; value: unknown }
}

/** mulberry32: small, fast and good enough to drive a simulation from a 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function simulateRegisterHistory(options: SimulationOptions): HistoryEvent[] {
  const random = seededRandom(options.seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const keys = Array.from({ length: options.keys }, (_, index) => `k${index}`)
  const register = new Map<string, unknown>()
  const written = new Map<string, unknown[]>()
  const processes: (InFlight | undefined)[] = Array.from({ length: options.processes }, () => undefined)
  // Ops whose client recorded `info` before they took effect: they still may, later.
  let abandoned: InFlight[] = []
  const events: HistoryEvent[] = []
  let time = 0
  let invoked = 0
  let nextValue = 1

  const apply = (op: InFlight): void => {
    const current = register.get(op.key) ?? null
    if (op.f === 'read') op.result = { outcome: 'ok', value: current }
    else if (op.f === 'write') {
      register.set(op.key, op.value)
      op.result = { outcome: 'ok', value: op.value }
    } else {
      const [expected, next] = op.value as [unknown, unknown]
      const swapped = expected === current
      if (swapped) register.set(op.key, next)
      op.result = { outcome: swapped ? 'ok' : 'fail', value: op.value }
    }
    op.phase = 'applied'
  }
  const record = (process: number, type: HistoryEvent['type'], op: InFlight, value: unknown): void => {
    events.push({ process, type, f: op.f, key: op.key, value, time, node: `node-${1 + (process % 3)}` })
  }
  const invoke = (process: number): void => {
    const key = pick(keys)
    const f = pick<OperationFunction>(['read', 'read', 'write', 'cas'])
    const history = written.get(key) ?? []
    let value: unknown = null
    if (f === 'write') value = nextValue++
    if (f === 'cas') value = [random() < 0.5 ? register.get(key) ?? null : history.length > 0 ? pick(history) : null, nextValue++]
    if (f === 'write') written.set(key, [...history.slice(-3), value])
    if (f === 'cas') written.set(key, [...history.slice(-3), (value as unknown[])[1]])
    const op: InFlight = { f, key, value, phase: 'invoked' }
    processes[process] = op
    invoked += 1
    record(process, 'invoke', op, value)
  }
  const complete = (process: number, op: InFlight): void => {
    processes[process] = undefined
    const roll = random()
    if (roll < options.infoRate) {
      record(process, 'info', op, op.f === 'read' ? null : op.value)
      if (op.phase === 'invoked' && random() < 0.5) abandoned.push(op)
    } else if (op.phase === 'invoked') {
      record(process, 'fail', op, op.f === 'read' ? null : op.value)
    } else {
      const result = op.result as NonNullable<InFlight['result']>
      record(process, result.outcome, op, result.value)
    }
  }

  while (invoked < options.operations || processes.some((op) => op !== undefined)) {
    time += 1 + Math.floor(random() * 3)
    if (abandoned.length > 0 && random() < 0.05) {
      const late = pick(abandoned)
      apply(late)
      abandoned = abandoned.filter((op) => op !== late)
    }
    const process = Math.floor(random() * options.processes)
    const op = processes[process]
    if (op === undefined) {
      if (invoked < options.operations) invoke(process)
    } else if (op.phase === 'invoked' && random() >= options.failRate) {
      apply(op)
    } else {
      complete(process, op)
    }
  }
  return events
}
