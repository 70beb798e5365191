/**
 * Two figures of the Bolt server on one standalone `nornic serve`, nothing passes or fails:
 *  - the server's peak resident memory (VmHWM) while neo4j-driver streams a long result with
 *    fetchSize 1000, against the same node idle;
 *  - how many ROUTE requests a routing driver (`neo4j://`) sends for N sessions, which the
 *    `ssr.enabled` hint decides.
 *
 *   npx tsc -p tsconfig.build.json && npx tsx bench/bolt-streaming.ts [rows, a multiple of 1000] [sessions]
 */
import { readFileSync } from 'node:fs'
import neo4j from 'neo4j-driver'
import { NornicNode, stopAllNodes } from '../test/e2e/support/nornic-process.js'

const ROWS = Number(process.argv[2] ?? 1_000_000)
const SESSIONS = Number(process.argv[3] ?? 50)

/** Linux's figure for a process: the peak (VmHWM) or current (VmRSS) resident set, in MiB. */
function residentMiB(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`))
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) / 1024
}

async function main(): Promise<void> {
  const node = await NornicNode.start()
  const auth = neo4j.auth.basic('admin', 'admin')
  try {
    const direct = neo4j.driver(`bolt://127.0.0.1:${node.ports.bolt}`, auth)
    await direct.executeQuery('RETURN 1')
    const idle = residentMiB(node.pid, 'VmHWM')
    const session = direct.session({ fetchSize: 1000 })
    const started = performance.now()
    let rows = 0
    // Two short lists rather than range(1, ROWS), whose list alone would weigh as much as the rows.
    const statement = `UNWIND range(1, ${Math.ceil(ROWS / 1000)}) AS a UNWIND range(1, 1000) AS b RETURN (a - 1) * 1000 + b AS i, 'row ' + toString((a - 1) * 1000 + b) AS text`
    for await (const record of session.run(statement)) {
      if (record.get('i').toNumber() === rows + 1) rows += 1
    }
    const seconds = (performance.now() - started) / 1000
    await session.close()
    await direct.close()
    const peak = residentMiB(node.pid, 'VmHWM')
    console.log(`streamed ${rows} rows in ${seconds.toFixed(1)} s (${(rows / seconds).toFixed(0)} rows/s); server peak RSS ${peak.toFixed(0)} MiB (idle peak ${idle.toFixed(0)} MiB, +${(peak - idle).toFixed(0)} MiB)`)

    let routes = 0
    const routing = neo4j.driver(`neo4j://127.0.0.1:${node.ports.bolt}`, auth, {
      logging: { level: 'debug', logger: (_level, text) => { if (text.includes('C: ROUTE')) routes += 1 } },
    })
    for (let i = 0; i < SESSIONS; i++) {
      const s = routing.session({ defaultAccessMode: i % 2 === 0 ? neo4j.session.READ : neo4j.session.WRITE })
      await s.run('RETURN 1')
      await s.close()
    }
    await routing.close()
    console.log(`routing driver: ${routes} ROUTE requests for ${SESSIONS} sessions`)
  } finally {
    await stopAllNodes()
  }
}

await main()
