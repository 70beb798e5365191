// Hot standby figures: write latency per sync mode (two real `nornic serve` processes on loopback), and
// failover time: kill -9 of the primary → first write acknowledged by the promoted standby, with
// NORNICDB_CLUSTER_HA_FAILOVER_TIMEOUT=1s and HA_HEARTBEAT_MS=100. Prints figures; never passes or fails.
import { performance } from 'node:perf_hooks'
import { HaPair, writeItem, type SyncMode } from '../test/e2e/support/ha-pair.js'
import { stopAllNodes } from '../test/e2e/support/nornic-process.js'
import { summarize } from './support/summary.js'

const WRITES = Number(process.env.BENCH_WRITES ?? 200)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10)
const FAILOVER_SYNC_MODE = (process.env.BENCH_FAILOVER_SYNC_MODE ?? 'semi_sync') as SyncMode

async function writeLatencies(syncMode: SyncMode): Promise<number[]> {
  const pair = await HaPair.start({ syncMode, env: { NORNICDB_LOG_LEVEL: 'warn' } })
  try {
    for (let n = 0; n < 20; n++) await writeItem(pair.node1, n)
    const samples: number[] = []
    for (let n = 0; n < WRITES; n++) {
      const started = performance.now()
      const answer = await writeItem(pair.node1, 1000 + n)
      if (answer.status !== 200) throw new Error(`write failed in ${syncMode}: ${answer.code} ${answer.message}`)
      samples.push(performance.now() - started)
    }
    return samples
  } finally {
    await pair.close()
  }
}

async function failoverTime(): Promise<number> {
  const pair = await HaPair.start({ syncMode: FAILOVER_SYNC_MODE, env: { NORNICDB_LOG_LEVEL: 'warn' } })
  try {
    for (let n = 0; n < 10; n++) await writeItem(pair.node1, n)
    const killed = performance.now()
    pair.node1.process.kill('SIGKILL')
    for (let attempt = 0; attempt < 100_000; attempt++) {
      const answer = await writeItem(pair.node2, 1_000_000 + attempt).catch(() => ({ status: 0 }))
      if (answer.status === 200) return performance.now() - killed
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    throw new Error('the standby never took a write')
  } finally {
    await pair.close()
  }
}

for (const syncMode of ['async', 'semi_sync', 'sync', 'quorum'] as const) {
  console.log(summarize(`write latency, ${syncMode} (ms)`, await writeLatencies(syncMode)))
}
const failovers: number[] = []
for (let round = 0; round < ROUNDS; round++) failovers.push(await failoverTime())
console.log(summarize(`failover, kill -9 to first acknowledged write, ${FAILOVER_SYNC_MODE}, HA_FAILOVER_TIMEOUT=1s (ms)`, failovers))
await stopAllNodes()
