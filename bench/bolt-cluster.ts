/**
 * Bolt write throughput on a local 3-node raft cluster, through neo4j-driver: a routing driver
 * (neo4j://, resolver listing the three nodes, so writes go to the leader) with 1, 16 and 64
 * sessions in flight, and for comparison a bolt:// driver on a follower, whose writes the follower
 * forwards to the leader. Each operation is one session with one executeWrite of one CREATE. Figures
 * only; nothing here passes or fails.
 *
 *   npx tsc -p tsconfig.build.json && npx tsx bench/bolt-cluster.ts [operations-per-run]
 */
import neo4j, { type Driver } from 'neo4j-driver'
import { BOLT_AUTH, boltAddress, routingDriver, waitForBoltAddresses } from '../test/e2e/support/bolt-routing.js'
import { stopAllNodes } from '../test/e2e/support/nornic-process.js'
import { RaftCluster } from '../test/e2e/support/raft-cluster.js'
import { quantile } from './support/summary.js'
import { runOperations, type Operation } from './support/write-runs.js'

const OPERATIONS = Number(process.argv[2] ?? 4_000)
const WARMUP = 300
const IN_FLIGHT = [1, 16, 64]

function writeOperation(driver: Driver): Operation {
  return async (i) => {
    const session = driver.session({ defaultAccessMode: neo4j.session.WRITE })
    try {
      await session.executeWrite((tx) => tx.run('CREATE (n:Bench {i: $i})', { i: neo4j.int(i) }))
    } finally {
      await session.close()
    }
  }
}

async function main(): Promise<void> {
  const cluster = await RaftCluster.start({ env: { NORNICDB_LOG_LEVEL: 'warn' } })
  const nodes = cluster.members.map((member) => member.node)
  const drivers: Driver[] = []
  try {
    await waitForBoltAddresses(nodes)
    const leader = await cluster.leader()
    const follower = cluster.members.find((member) => member !== leader)!
    const routed = routingDriver(nodes, { maxConnectionPoolSize: 64 })
    const direct = neo4j.driver(`bolt://${boltAddress(follower.node)}`, BOLT_AUTH, { maxConnectionPoolSize: 64 })
    drivers.push(routed, direct)
    const runs = { 'neo4j:// (to the leader)': writeOperation(routed), 'bolt:// on a follower (forwarded)': writeOperation(direct) }
    for (const operation of Object.values(runs)) await runOperations(operation, 4, WARMUP)
    console.log(`3-node raft cluster on 127.0.0.1 (leader ${leader.id}), ${OPERATIONS} writes per run, one CREATE per transaction`)
    for (const [name, operation] of Object.entries(runs)) {
      for (const inFlight of IN_FLIGHT) {
        const { perSecond, latencies } = await runOperations(operation, inFlight, OPERATIONS)
        console.log(`${name.padEnd(34)} ${String(inFlight).padStart(2)} sessions in flight: ${perSecond.toFixed(0).padStart(6)} writes/s   p99 ${quantile(latencies, 0.99).toFixed(1)} ms`)
      }
    }
  } finally {
    for (const driver of drivers) await driver.close()
    await stopAllNodes()
  }
}

await main()
