// Raft mode end to end: three `nornic serve` processes on 127.0.0.1 at default raft settings
// (election 1 s, heartbeat 100 ms). HTTP writes `CREATE (n:K {k: $k, v: $v})` with 1, 16 and 64
// in flight; failover (kill -9 of the leader -> first acknowledged write through a survivor)
// over BENCH_ROUNDS rounds; a frozen leader (SIGSTOP) -> first acknowledged write; leadership
// transfer -> first acknowledged write. Prints figures;
// never passes or fails. When `etcd` is on the PATH (Debian etcd-server), the same client runs
// against three etcd members through the /v3/kv/put gateway, side by side.
import { performance } from 'node:perf_hooks'
import { call, cypher } from '../test/e2e/support/http.js'
import { stopAllNodes } from '../test/e2e/support/nornic-process.js'
import { RaftCluster, type RaftMember } from '../test/e2e/support/raft-cluster.js'
import { FAILOVER_ATTEMPT_TIMEOUT_MS, runEtcdBench, WARMUP_WRITES, type ClientFigures } from './support/etcd-cluster.js'
import { summarize } from './support/summary.js'

const WRITES = Number(process.env.BENCH_WRITES ?? 2000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10)
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

async function throughput(write: () => Promise<boolean>): Promise<Map<number, ClientFigures>> {
  const figures = new Map<number, ClientFigures>()
  for (let i = 0; i < WARMUP_WRITES; i++) await write()
  for (const inFlight of IN_FLIGHT) {
    const latencies: number[] = []
    let remaining = WRITES
    const started = performance.now()
    await Promise.all(Array.from({ length: inFlight }, async () => {
      while (remaining > 0) {
        remaining--
        const before = performance.now()
        if (!(await write())) throw new Error('a write failed during the throughput run')
        latencies.push(performance.now() - before)
      }
    }))
    const seconds = (performance.now() - started) / 1000
    latencies.sort((a, b) => a - b)
    figures.set(inFlight, { writesPerSecond: WRITES / seconds, p50Ms: latencies[Math.floor(latencies.length / 2)]! })
    console.log(summarize(`nornic write latency, ${inFlight} in flight (ms)`, latencies))
    console.log(`nornic writes/s, ${inFlight} in flight: ${figures.get(inFlight)!.writesPerSecond.toFixed(0)}`)
  }
  return figures
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

const median = (samples: readonly number[]): number => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? Number.NaN

try {
  const cluster = await RaftCluster.start({ env: DEFAULT_TIMING })
  const leader = await cluster.leader()
  const nornic = await throughput(() => write(leader))
  const failover = await failovers(cluster)
  console.log(summarize('nornic failover, kill -9 of the leader -> first acknowledged write (ms)', failover))
  const freeze = await freezes(cluster)
  console.log(summarize('nornic leader freeze (SIGSTOP) -> first acknowledged write (ms); goal under 2 x the 1 s election timeout', freeze))
  const transfer = await transfers(cluster)
  console.log(summarize('nornic leadership transfer -> first acknowledged write (ms)', transfer))
  await stopAllNodes()

  const etcd = await runEtcdBench({ writes: WRITES, inFlight: IN_FLIGHT, rounds: ROUNDS })
  if (etcd === undefined) {
    console.log('etcd: not on the PATH (Debian etcd-server); the side-by-side comparison is skipped')
  } else {
    console.log('\nside by side (nornic / etcd):')
    for (const inFlight of IN_FLIGHT) {
      const ours = nornic.get(inFlight)!
      const theirs = etcd.throughput.get(inFlight)!
      console.log(`  ${inFlight} in flight: ${ours.writesPerSecond.toFixed(0)} / ${theirs.writesPerSecond.toFixed(0)} writes/s (ratio ${(ours.writesPerSecond / theirs.writesPerSecond).toFixed(2)}), p50 ${ours.p50Ms.toFixed(2)} / ${theirs.p50Ms.toFixed(2)} ms`)
    }
    console.log(`  failover median: ${median(failover).toFixed(0)} / ${median(etcd.failover).toFixed(0)} ms (ratio ${(median(failover) / median(etcd.failover)).toFixed(2)})`)
  }
} finally {
  await stopAllNodes()
}
