// A label scan over many nodes (1M by default) on disk, with resident memory before and after:
// the scan streams, so memory stays flat. Also prints how fast the nodes were loaded in write
// transactions of BENCH_CHUNK nodes. Prints figures; never passes or fails.
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openLevelGraphStore } from '../src/graph/store/level-graph-store.js'

const NODES = Number(process.env.BENCH_NODES ?? 1_000_000)
const CHUNK = Number(process.env.BENCH_CHUNK ?? 10_000)

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`
/**
 * LevelDB maps its table files into memory, so RSS grows with the data a scan touches even when
 * the process holds nothing; on Linux, RssAnon (memory the process allocated) is shown apart.
 */
const memory = (): string => {
  const usage = process.memoryUsage()
  const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : ''
  const field = (name: string): string => new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? ''
  const anon = field('RssAnon')
  const file = field('RssFile')
  const split = anon === '' ? '' : ` (anon ${mb(Number(anon) * 1024)}, file-backed ${mb(Number(file) * 1024)})`
  return `rss=${mb(usage.rss)}${split} heapUsed=${mb(usage.heapUsed)}`
}

const root = await mkdtemp(join(process.env.BENCH_DIR ?? tmpdir(), 'nornic-bench-scan-'))
try {
  const store = await openLevelGraphStore(join(root, 'graph'))
  const loadStarted = performance.now()
  for (let index = 1, created = 0; created < NODES; index++) {
    const count = Math.min(CHUNK, NODES - created)
    await store.write({ index, timestamp: index }, async (writer) => {
      for (let i = 0; i < count; i++) await writer.createNode(i % 2 === 0 ? ['Person'] : ['Person', 'Customer'], { n: BigInt(created + i) })
    })
    created += count
  }
  const loadSeconds = (performance.now() - loadStarted) / 1000
  console.log(`loaded ${NODES} nodes in writes of ${CHUNK}: ${loadSeconds.toFixed(1)} s, ${(NODES / loadSeconds).toFixed(0)} nodes/s`)

  globalThis.gc?.()
  console.log(`before scan: ${memory()}`)
  let peakRss = 0
  let peakMemory = ''
  const scanStarted = performance.now()
  const counted = await store.read(async (reader) => {
    let count = 0
    for await (const node of reader.nodesByLabel('Person')) {
      if (node.labels.length > 0) count++
      if (count % 10_000 === 0 && process.memoryUsage().rss > peakRss) {
        peakRss = process.memoryUsage().rss
        peakMemory = memory()
      }
    }
    return count
  })
  const scanSeconds = (performance.now() - scanStarted) / 1000
  console.log(`label scan: ${counted} nodes in ${scanSeconds.toFixed(2)} s, ${(counted / scanSeconds).toFixed(0)} nodes/s`)
  console.log(`peak during scan: ${peakMemory}`)
  console.log(`after scan: ${memory()}`)
  await store.close()
} finally {
  await rm(root, { recursive: true, force: true })
}
