// Raft mode end to end: three `nornic serve` processes on 127.0.0.1 at default raft settings
// (election 1 s, heartbeat 100 ms). HTTP writes `CREATE (n:K {k: $k, v: $v})` with 1, 16 and 64
// in flight; failover (kill -9 of the leader -> first acknowledged write through a survivor)
// over BENCH_ROUNDS rounds; a frozen leader (SIGSTOP) -> first acknowledged write; leadership
// transfer -> first acknowledged write. Prints figures; never passes or fails.
//
// When `etcd` is on the PATH (Debian etcd-server), three etcd members run beside the nornic
// cluster and the same client loop puts through the /v3/kv/put gateway. Each system's first
// writes after start are timed on their own (a fresh nornic node is still compiling its hot
// paths), then the write runs take turns, nornic then etcd, BENCH_PAIRS times at each level
// (BENCH_WRITES writes a run): this machine's speed drifts by 10-20% over minutes, and runs side
// by side in time keep that drift out of the ratios.
import { performance } from 'node:perf_hooks'
import { call, cypher } from '../test/e2e/support/http.js'
import { stopAllNodes } from '../test/e2e/support/nornic-process.js'
import { RaftCluster, type RaftMember } from '../test/e2e/support/raft-cluster.js'
import { COLD_WRITES, EtcdCluster, FAILOVER_ATTEMPT_TIMEOUT_MS, WARMUP_WRITES } from './support/etcd-cluster.js'
import { quantile, summarize } from './support/summary.js'
import { runWrites, summarizeRuns, type Run, type RunSummary, type Write } from './support/write-runs.js'

// A run as long as the default snapshot threshold (10,000 entries) holds one snapshot, as any
// 10,000 writes in a long-running cluster do; shorter runs put it in one run of three and not the
// others, and at 64 in flight that alone moved a run by 10-20%.
const WRITES = Number(process.env.BENCH_WRITES ?? 10_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10)
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3)
const IN_FLIGHT = [1, 16, 64]
const DEFAULT_TIMING = { NORNICDB_CLUSTER_RAFT_ELECTION_TIMEOUT: '1s', NORNICDB_CLUSTER_RAFT_HEARTBEAT_TIMEOUT: '100ms', NORNICDB_LOG_LEVEL: 'warn', NORNICDB_CLUSTER_WRITE_TIMEOUT: '10s' }

let sequence = 0

async function write(member: RaftMember, timeoutMs?: number): Promise<boolean> {
  const k = sequence++
  const statement = { statement: 'CREATE (n:K {k: $k, v: $v})', parameters: `{"k":${k},"v":"value-${k}"}` }
  const answer = await cypher(member.node.httpUrl, [statement], timeoutMs === undefined ? {} : { timeoutMs }).catch(() => undefined)
  return answer !== undefined && answer.status === 200 && (answer.json?.errors?.length ?? 0) === 0
}

/** Writes through `member` until one is acknowledged; returns the milliseconds since `since`. */
async function firstAck(member: RaftMember, since: number): Promise<number> {
  while (!(await write(member, FAILOVER_ATTEMPT_TIMEOUT_MS))) await new Promise((resolve) => setTimeout(resolve, 5))
  return performance.now() - since
}

interface LevelFigures {
  readonly nornic: RunSummary
  readonly etcd?: RunSummary
  /** nornic's writes/s over etcd's, run pair by run pair. */
  readonly pairRatios: readonly number[]
}

interface ThroughputFigures {
  /** The first COLD_WRITES after start, by system. */
  readonly cold: ReadonlyMap<'nornic' | 'etcd', RunSummary>
  readonly levels: ReadonlyMap<number, LevelFigures>
}

/** The cold start, then the write runs at every level, taking turns between the systems. */
async function throughput(nornic: Write, etcd: Write | undefined): Promise<ThroughputFigures> {
  const cold = new Map<'nornic' | 'etcd', RunSummary>()
  for (const [system, write] of [['nornic', nornic], ['etcd', etcd]] as const) {
    if (write === undefined) continue
    const run = await runWrites(write, 1, COLD_WRITES)
    cold.set(system, summarizeRuns([run]))
    console.log(summarize(`${system} write latency, the first ${COLD_WRITES} after start, 1 in flight (ms)`, run.latencies))
    for (let i = COLD_WRITES; i < WARMUP_WRITES; i++) await write()
  }
  const levels = new Map<number, LevelFigures>()
  for (const inFlight of IN_FLIGHT) {
    const ours: Run[] = []
    const theirs: Run[] = []
    for (let pair = 0; pair < PAIRS; pair++) {
      ours.push(await runWrites(nornic, inFlight, WRITES))
      if (etcd !== undefined) theirs.push(await runWrites(etcd, inFlight, WRITES))
    }
    const level = {
      nornic: summarizeRuns(ours),
      etcd: etcd === undefined ? undefined : summarizeRuns(theirs),
      pairRatios: theirs.map((run, pair) => ours[pair]!.perSecond / run.perSecond),
    }
    levels.set(inFlight, level)
    for (const [system, runs] of [['nornic', level.nornic], ['etcd', level.etcd]] as const) {
      if (runs === undefined) continue
      console.log(summarize(`${system} write latency, ${inFlight} in flight (ms)`, runs.latencies))
      console.log(`${system} writes/s, ${inFlight} in flight: ${runs.writesPerSecond.toFixed(0)} (median of ${PAIRS} runs)`)
    }
  }
  return { cold, levels }
}

async function failovers(cluster: RaftCluster): Promise<number[]> {
  const samples: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const leader = await cluster.leader()
    const survivor = cluster.live().find((member) => member !== leader)!
    const killed = performance.now()
    process.kill(leader.node.pid, 'SIGKILL')
    samples.push(await firstAck(survivor, killed))
    await leader.node.process.catch(() => undefined)
    leader.node = await leader.node.restart()
  }
  return samples
}

/** SIGSTOP of the leader -> first acknowledged write through a survivor; then SIGCONT, and the old leader follows. */
async function freezes(cluster: RaftCluster): Promise<number[]> {
  const samples: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const leader = await cluster.leader()
    const survivor = cluster.live().find((member) => member !== leader)!
    const frozen = performance.now()
    process.kill(leader.node.pid, 'SIGSTOP')
    try {
      samples.push(await firstAck(survivor, frozen))
    } finally {
      process.kill(leader.node.pid, 'SIGCONT')
    }
    await cluster.leader()
  }
  return samples
}

async function transfers(cluster: RaftCluster): Promise<number[]> {
  const samples: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const leader = await cluster.leader()
    const target = cluster.live().find((member) => member !== leader)!
    const started = performance.now()
    const answer = await call(leader.node.httpUrl, '/admin/raft/transfer-leadership', { method: 'POST', body: JSON.stringify({ target: target.id }) })
    if (answer.status !== 200) throw new Error(`transfer failed: ${answer.text}`)
    samples.push(await firstAck(target, started))
  }
  return samples
}

try {
  const cluster = await RaftCluster.start({ env: DEFAULT_TIMING })
  const leader = await cluster.leader()
  const etcd = await EtcdCluster.start()
  if (etcd === undefined) console.log('etcd: not on the PATH (Debian etcd-server); the side-by-side comparison is skipped')
  let figures: ThroughputFigures
  let etcdFailover: number[] = []
  try {
    figures = await throughput(() => write(leader), await etcd?.writer())
    if (etcd !== undefined) {
      etcdFailover = await etcd.failovers(ROUNDS)
      console.log(summarize('etcd failover, kill -9 of the leader -> first acknowledged put (ms)', etcdFailover))
    }
  } finally {
    await etcd?.stop()
  }
  const failover = await failovers(cluster)
  console.log(summarize('nornic failover, kill -9 of the leader -> first acknowledged write (ms)', failover))
  const freeze = await freezes(cluster)
  console.log(summarize('nornic leader freeze (SIGSTOP) -> first acknowledged write (ms); goal under 2 x the 1 s election timeout', freeze))
  const transfer = await transfers(cluster)
  console.log(summarize('nornic leadership transfer -> first acknowledged write (ms)', transfer))

  if (etcd !== undefined) {
    console.log('\nside by side (nornic / etcd):')
    console.log(`  the first ${COLD_WRITES} writes after start, 1 in flight: p50 ${figures.cold.get('nornic')!.p50Ms.toFixed(2)} / ${figures.cold.get('etcd')!.p50Ms.toFixed(2)} ms`)
    for (const [inFlight, level] of figures.levels) {
      const theirs = level.etcd!
      const pairs = level.pairRatios.map((ratio) => ratio.toFixed(2)).join(', ')
      console.log(`  ${inFlight} in flight: ${level.nornic.writesPerSecond.toFixed(0)} / ${theirs.writesPerSecond.toFixed(0)} writes/s (ratio ${(level.nornic.writesPerSecond / theirs.writesPerSecond).toFixed(2)}; pair by pair ${pairs}), p50 ${level.nornic.p50Ms.toFixed(2)} / ${theirs.p50Ms.toFixed(2)} ms`)
    }
    console.log(`  failover median: ${quantile(failover, 0.5).toFixed(0)} / ${quantile(etcdFailover, 0.5).toFixed(0)} ms (ratio ${(quantile(failover, 0.5) / quantile(etcdFailover, 0.5)).toFixed(2)})`)
  }
} finally {
  await stopAllNodes()
}
