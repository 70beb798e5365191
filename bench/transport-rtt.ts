/**
 * Round trips over the cluster port on loopback: one server, one client, request/response with a
 * small body. Prints median and p99 latency and throughput with 1 and with 64 requests in flight.
 * Figures only; nothing here passes or fails.
 *
 *   npx tsx bench/transport-rtt.ts [requests-per-run] [body-bytes]
 */
import { performance } from 'node:perf_hooks'
import { PeerClient } from '../src/cluster/transport/peer-client.js'
import { TransportServer } from '../src/cluster/transport/transport-server.js'
import type { TransportEnvironment } from '../src/cluster/transport/environment.js'

const REQUESTS = Number(process.argv[2] ?? 20_000)
const BODY_BYTES = Number(process.argv[3] ?? 100)
const WARMUP = 2_000
const silent = { warn: () => undefined, info: () => undefined, debug: () => undefined }
const env: TransportEnvironment = { clock: { now: () => Date.now() }, random: Math.random, logger: silent, metrics: { rejectedFrame: () => undefined } }

function percentile(sortedMs: readonly number[], fraction: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor(sortedMs.length * fraction))] as number
}

async function run(client: PeerClient, inFlight: number, requests: number): Promise<{ latenciesMs: number[]; seconds: number }> {
  const latenciesMs: number[] = []
  const payload = 'x'.repeat(BODY_BYTES)
  let issued = 0
  const started = performance.now()
  async function worker(): Promise<void> {
    while (issued < requests) {
      issued += 1
      const sentAt = performance.now()
      await client.request('ForwardWrite', { payload })
      latenciesMs.push(performance.now() - sentAt)
    }
  }
  await Promise.all(Array.from({ length: inFlight }, worker))
  return { latenciesMs, seconds: (performance.now() - started) / 1000 }
}

async function main(): Promise<void> {
  const self = { clusterId: 'bench' }
  const server = new TransportServer({
    self: { ...self, nodeId: 'node-1' }, bind: { host: '127.0.0.1', port: 0 }, env, handler: (message) => ({ ok: true, echo: message.body.payload }),
  })
  const { port } = await server.listen()
  const client = new PeerClient({ self: { ...self, nodeId: 'node-2' }, peer: { id: 'node-1', host: '127.0.0.1', port }, env })
  client.start()
  while (!client.isConnected) await new Promise((resolve) => setTimeout(resolve, 5))
  try {
    await run(client, 8, WARMUP)
    console.log(`transport-rtt: ${REQUESTS} ForwardWrite round trips per run, ${BODY_BYTES}-byte body, loopback, node ${process.version}`)
    for (const inFlight of [1, 64]) {
      const { latenciesMs, seconds } = await run(client, inFlight, REQUESTS)
      latenciesMs.sort((a, b) => a - b)
      const median = percentile(latenciesMs, 0.5).toFixed(3)
      const p99 = percentile(latenciesMs, 0.99).toFixed(3)
      const throughput = Math.round(latenciesMs.length / seconds)
      console.log(`  in flight ${String(inFlight).padStart(2)}: median ${median} ms, p99 ${p99} ms, ${throughput} requests/s`)
    }
  } finally {
    await client.close()
    await server.close()
  }
}

await main()
