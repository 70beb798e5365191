/**
 * Reads and writes per second on one standalone `nornic serve`: through neo4j-driver over Bolt, and
 * through the HTTP endpoint (POST /db/neo4j/tx/commit, undici with keep-alive), each with 1, 16 and
 * 64 requests in flight. Figures only; nothing here passes or fails.
 *
 *   npm run build && npx tsx bench/bolt-vs-http.ts [operations-per-run]
 */
import neo4j, { type Driver } from 'neo4j-driver'
import { Agent, request } from 'undici'
import { NornicNode, stopAllNodes } from '../test/e2e/support/nornic-process.js'
import { runOperations, type Operation } from './support/write-runs.js'

const OPERATIONS = Number(process.argv[2] ?? 4_000)
const WARMUP = 500
const READ = 'MATCH (n:Bench) WHERE n.i = $i RETURN n.i AS i'
const WRITE = 'CREATE (n:Bench {i: $i}) RETURN n.i AS i'

function boltOperation(driver: Driver, statement: string): Operation {
  return async (i) => {
    const session = driver.session()
    try {
      await session.run(statement, { i: neo4j.int(i % 1000) })
    } finally {
      await session.close()
    }
  }
}

function httpOperation(baseUrl: string, statement: string, dispatcher: Agent): Operation {
  const authorization = `Basic ${Buffer.from('admin:admin').toString('base64')}`
  return async (i) => {
    const response = await request(`${baseUrl}/db/neo4j/tx/commit`, {
      method: 'POST', dispatcher,
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ statements: [{ statement, parameters: { i: i % 1000 } }] }),
    })
    const text = await response.body.text()
    if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${text}`)
  }
}

async function main(): Promise<void> {
  const node = await NornicNode.start()
  const driver = neo4j.driver(`bolt://127.0.0.1:${node.ports.bolt}`, neo4j.auth.basic('admin', 'admin'), { maxConnectionPoolSize: 64 })
  const dispatcher = new Agent({ connections: 64 })
  try {
    const transports = {
      bolt: { read: boltOperation(driver, READ), write: boltOperation(driver, WRITE) },
      http: { read: httpOperation(node.httpUrl, READ, dispatcher), write: httpOperation(node.httpUrl, WRITE, dispatcher) },
    }
    // Reads look a node up by an indexed property, so they measure the protocol more than a scan.
    await boltOperation(driver, 'CREATE INDEX bench_i IF NOT EXISTS FOR (n:Bench) ON (n.i)')(0)
    await runOperations(transports.bolt.write, 4, WARMUP)
    await runOperations(transports.http.write, 4, WARMUP)
    await runOperations(transports.bolt.read, 4, WARMUP)
    await runOperations(transports.http.read, 4, WARMUP)
    console.log(`one standalone node, ${OPERATIONS} operations per run, one statement per transaction`)
    for (const kind of ['write', 'read'] as const) {
      for (const inFlight of [1, 16, 64]) {
        const bolt = (await runOperations(transports.bolt[kind], inFlight, OPERATIONS)).perSecond
        const http = (await runOperations(transports.http[kind], inFlight, OPERATIONS)).perSecond
        console.log(`${kind}s, ${String(inFlight).padStart(2)} in flight: bolt ${bolt.toFixed(0).padStart(6)}/s   http ${http.toFixed(0).padStart(6)}/s   bolt/http ${(bolt / http).toFixed(2)}`)
      }
    }
  } finally {
    await driver.close()
    await dispatcher.close()
    await stopAllNodes()
  }
}

await main()
