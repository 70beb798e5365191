// Timed runs of operations with a fixed number in flight, the one client loop of every benchmark,
// and what the runs of one system add up to.
import { performance } from 'node:perf_hooks'
import { quantile } from './summary.js'

/** One operation of a run; `i` counts the run's operations from 0. It throws when it fails. */
export type Operation = (i: number) => Promise<unknown>

export interface Run {
  readonly perSecond: number
  /** Each operation's latency (ms), in the order they finished. */
  readonly latencies: readonly number[]
}

/** Runs `count` operations, `inFlight` at a time; the first that throws ends the run with its error. */
export async function runOperations(operation: Operation, inFlight: number, count: number): Promise<Run> {
  const latencies: number[] = []
  let issued = 0
  const started = performance.now()
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (issued < count) {
      const i = issued++
      const before = performance.now()
      await operation(i)
      latencies.push(performance.now() - before)
    }
  }))
  return { perSecond: count / ((performance.now() - started) / 1000), latencies }
}

/** One write through the system under test: true once acknowledged. */
export type Write = () => Promise<boolean>

/** Runs `writes` writes, `inFlight` at a time; throws when one is not acknowledged. */
export function runWrites(write: Write, inFlight: number, writes: number): Promise<Run> {
  return runOperations(async () => {
    if (!(await write())) throw new Error(`a write failed during the run with ${inFlight} in flight`)
  }, inFlight, writes)
}

/** The runs of one system at one level: the median run's rate, and the latencies of all runs. */
export interface RunSummary {
  readonly writesPerSecond: number
  readonly p50Ms: number
  readonly latencies: readonly number[]
}

export function summarizeRuns(runs: readonly Run[]): RunSummary {
  const latencies = runs.flatMap((run) => run.latencies)
  return { writesPerSecond: quantile(runs.map((run) => run.perSecond), 0.5), p50Ms: quantile(latencies, 0.5), latencies }
}
