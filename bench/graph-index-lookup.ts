import { GraphDatabase } from '../src/graph/database.js'
import { fillNodes, numberFromEnv, percentile } from './graph-bench-support.js'

/**
 * Indexed equality lookup in-process: `MATCH (p:P {i: $i}) RETURN p.i` through GraphDatabase.read
 * on an in-memory store of BENCH_NODES nodes (the target is a p50 under 0.2 ms).
 */
const nodes = numberFromEnv('BENCH_NODES', 100_000)
const lookups = numberFromEnv('BENCH_LOOKUPS', 5_000)
/** Lookups before timing starts, so the figures describe compiled code, not the JIT warming up. */
const WARMUP_LOOKUPS = 500
const db = await GraphDatabase.open({ memory: true })
try {
  await fillNodes(db, nodes)
  await db.apply({ statements: [{ statement: 'CREATE INDEX p_i FOR (p:P) ON (p.i)', parameters: {} }], context: { index: db.appliedIndex + 1, timestamp: 0 } })
  const statement = 'MATCH (p:P {i: $i}) RETURN p.i'
  const timings: number[] = []
  let state = 12345
  for (let n = 0; n < WARMUP_LOOKUPS + lookups; n++) {
    state = (state * 1103515245 + 12345) % 2 ** 31
    const i = BigInt((state % nodes) + 1)
    const started = performance.now()
    const [result] = await db.read([{ statement, parameters: { i } }])
    if (n >= WARMUP_LOOKUPS) timings.push(performance.now() - started)
    if (result?.rows[0]?.[0] !== i) throw new Error(`lookup of ${i} answered ${String(result?.rows[0]?.[0])}`)
  }
  timings.sort((a, b) => a - b)
  const total = timings.reduce((sum, t) => sum + t, 0)
  console.log(
    `indexed lookup over ${nodes} nodes: p50 ${percentile(timings, 0.5).toFixed(3)} ms, p99 ${percentile(timings, 0.99).toFixed(3)} ms, ` +
      `${Math.round((lookups / total) * 1000)} lookups/s (${lookups} lookups)`,
  )
} finally {
  await db.close()
}
