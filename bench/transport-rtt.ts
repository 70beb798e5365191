/**
 * Round trips over the cluster port on loopback: one server, one client, request/response with a
 * small body. Prints median and p99 latency and throughput with 1 and with 64 requests in flight.
 * Figures only; nothing here passes or fails.
 *
 *   npx tsx bench/transport-rtt.ts [requests-per-run] [body-bytes]
 */
import { PeerClient } from '../src/cluster/transport/peer-client.js'
import { TransportServer } from '../src/cluster/transport/transport-server.js'
import type { TransportEnvironment } from '../src/cluster/transport/environment.js'
import { quantile } from './support/summary.js'
import { runOperations } from './support/write-runs.js'

const REQUESTS = Number(process.argv[2] ?? 20_000)
const BODY_BYTES = Number(process.argv[3] ?? 100)
const WARMUP = 2_000
const silent = { warn: () => undefined, info: () => undefined, debug: () => undefined }
const env: TransportEnvironment = { clock: { now: () => Date.now() }, random: Math.random, logger: silent, metrics: { rejectedFrame: () => undefined } }

async function main(): Promise<void> {
  const self = { clusterId: 'bench' }
  const server = new TransportServer({
    self: { ...self, nodeId: 'node-1' }, bind: { host: '127.0.0.1', port: 0 }, env, handler: (message) => ({ ok: true, echo: message.body.payload }),
  })
  const { port } = await server.listen()
  const client = new PeerClient({ self: { ...self, nodeId: 'node-2' }, peer: { id: 'node-1', host: '127.0.0.1', port }, env })
  client.start()
  while (!client.isConnected) await new Promise((resolve) => setTimeout(resolve, 5))
  const payload = 'x'.repeat(BODY_BYTES)
  const roundTrip = () => client.request('ForwardWrite', { payload })
  try {
    await runOperations(roundTrip, 8, WARMUP)
    console.log(`transport-rtt: ${REQUESTS} ForwardWrite round trips per run, ${BODY_BYTES}-byte body, loopback, node ${process.version}`)
    for (const inFlight of [1, 64]) {
      const { latencies, perSecond } = await runOperations(roundTrip, inFlight, REQUESTS)
      const median = quantile(latencies, 0.5).toFixed(3)
      const p99 = quantile(latencies, 0.99).toFixed(3)
      const throughput = Math.round(perSecond)
      console.log(`  in flight ${String(inFlight).padStart(2)}: median ${median} ms, p99 ${p99} ms, ${throughput} requests/s`)
    }
  } finally {
    await client.close()
    await server.close()
  }
}

await main()
