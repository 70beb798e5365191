import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GraphDatabase } from '../src/graph/database.js'
import { fillNodes, numberFromEnv, rssMb } from './graph-bench-support.js'

/**
 * `MATCH (n:P) RETURN count(n)` over BENCH_NODES nodes (default 1M) on disk: rows stream, so
 * the RSS during the count should stay near the RSS before it.
 */
const nodes = numberFromEnv('BENCH_NODES', 1_000_000)
const dir = await mkdtemp(join(tmpdir(), 'nornic-bench-'))
const db = await GraphDatabase.open({ dir })
try {
  const loadStarted = performance.now()
  await fillNodes(db, nodes)
  console.log(`loaded ${nodes} nodes in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`)
  globalThis.gc?.()
  console.log(`RSS before the count: ${rssMb()}, JS heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`)
  let peak = process.memoryUsage().rss
  let peakHeap = process.memoryUsage().heapUsed
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
  }, 50)
  const started = performance.now()
  const [result] = await db.read([{ statement: 'MATCH (n:P) RETURN count(n)', parameters: {} }])
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  console.log(`count(n) = ${String(result?.rows[0]?.[0])} in ${seconds.toFixed(2)} s = ${Math.round(nodes / seconds)} nodes/s`)
  console.log(`RSS after the count: ${rssMb()}, peak during it: ${(peak / 2 ** 20).toFixed(0)} MB; peak JS heap ${(peakHeap / 2 ** 20).toFixed(0)} MB`)
} finally {
  await db.close()
  await rm(dir, { recursive: true, force: true })
}
