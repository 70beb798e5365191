import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GraphDatabase } from '../src/graph/database.js'
import { numberFromEnv } from './graph-bench-support.js'

/**
 * Bulk load: `UNWIND range(1, N) AS i CREATE (:P {i: i})` as one command into an on-disk store
 * (the target is 50,000 nodes/s). BENCH_NODES sets N, BENCH_RUNS the repetitions.
 */

const nodes = numberFromEnv('BENCH_NODES', 100_000)
const runs = numberFromEnv('BENCH_RUNS', 3)
const rates: number[] = []
for (let run = 0; run < runs; run++) {
  const dir = await mkdtemp(join(tmpdir(), 'nornic-bench-'))
  const db = await GraphDatabase.open({ dir })
  try {
    const started = performance.now()
    await db.apply({
      statements: [{ statement: 'UNWIND range(1, $n) AS i CREATE (:P {i: i})', parameters: { n: BigInt(nodes) } }],
      context: { index: 1, timestamp: 0 },
    })
    const seconds = (performance.now() - started) / 1000
    rates.push(nodes / seconds)
    console.log(`run ${run + 1}: ${nodes} nodes in ${seconds.toFixed(2)} s = ${Math.round(nodes / seconds)} nodes/s`)
  } finally {
    await db.close()
    await rm(dir, { recursive: true, force: true })
  }
}
rates.sort((a, b) => a - b)
console.log(`bulk create: median ${Math.round(rates[Math.floor(rates.length / 2)]!)} nodes/s over ${runs} runs of ${nodes} nodes`)
