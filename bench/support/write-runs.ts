// Timed runs of writes with a fixed number in flight, the same client loop for every system
// measured, and what the runs of one system add up to.
import { performance } from 'node:perf_hooks'

/** One write through the system under test: true once acknowledged. */
export type Write = () => Promise<boolean>

export interface WriteRun {
  readonly writesPerSecond: number
  /** Each write's latency (ms), in the order they finished. */
  readonly latencies: readonly number[]
}

/** Runs `writes` writes, `inFlight` at a time; throws when one is not acknowledged (or throws). */
export async function runWrites(write: Write, inFlight: number, writes: number): Promise<WriteRun> {
  const latencies: number[] = []
  let remaining = writes
  const started = performance.now()
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (remaining > 0) {
      remaining--
      const before = performance.now()
      if (!(await write())) throw new Error(`a write failed during the run with ${inFlight} in flight`)
      latencies.push(performance.now() - before)
    }
  }))
  return { writesPerSecond: writes / ((performance.now() - started) / 1000), latencies }
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

/** The runs of one system at one level: the median run's rate, and the latencies of all runs. */
export interface RunSummary {
  readonly writesPerSecond: number
  readonly p50Ms: number
  readonly latencies: readonly number[]
}

export function summarizeRuns(runs: readonly WriteRun[]): RunSummary {
  const latencies = runs.flatMap((run) => run.latencies)
  return { writesPerSecond: median(runs.map((run) => run.writesPerSecond)), p50Ms: median(latencies), latencies }
}
