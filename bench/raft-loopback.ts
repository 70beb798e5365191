// Raft commit throughput and latency: three engines in one process over the real cluster
// transport on 127.0.0.1, each with its durable log (the write-ahead log, one fdatasync per
// Ready) in a temp dir; the state machine is an in-memory list, so the figures are the log's
// and the network's.
// Proposals are made on the leader, 1, 16 and 64 in flight at a time. Prints figures; never
// passes or fails. BENCH_PROPOSALS sets the proposals per level; RAFT_LOOPBACK_DIR the disk.
import { LoopbackCluster, waitFor } from '../test/unit/cluster/raft/driver/loopback-cluster.js'
import { summarize } from './support/summary.js'
import { runOperations } from './support/write-runs.js'

const PROPOSALS = Number(process.env.BENCH_PROPOSALS ?? 3000)
const IN_FLIGHT = [1, 16, 64]

const cluster = await LoopbackCluster.start(['n1', 'n2', 'n3'], { durableMachine: false, electionTimeoutMs: 1000, heartbeatTimeoutMs: 100 })
try {
  await waitFor(() => cluster.leader() !== undefined, 'a leader')
  const leader = cluster.leader()!
  let sequence = 0
  const propose = (): Promise<number> => leader.driver.propose(`bench-${sequence++}`)
  for (let i = 0; i < 200; i++) await propose()

  for (const inFlight of IN_FLIGHT) {
    const fsyncsBefore = leader.driver.counters.fsyncs
    const run = await runOperations(propose, inFlight, PROPOSALS)
    const fsyncs = leader.driver.counters.fsyncs - fsyncsBefore
    console.log(summarize(`commit latency, ${inFlight} in flight (ms)`, run.latencies))
    console.log(`commits/s, ${inFlight} in flight: ${run.perSecond.toFixed(0)} (leader fsyncs: ${fsyncs}, ${(PROPOSALS / fsyncs).toFixed(1)} entries each)`)
  }
} finally {
  await cluster.close()
}
