// The failover drill as a benchmark (issue 8): a 10-round kill-leader and a 10-round pause-leader
// drill on a local 3-node raft cluster, and a kill-leader drill on a local hot standby pair, each
// with the drill's short timeouts (raft election 300ms; standby failover after 1s). Prints median
// and max of every timing and the verdict; never passes or fails.
// BENCH_ROUNDS (default 10) and BENCH_DRILLS (comma-separated names) narrow it down.
import { runDrill } from '../src/ops/drill/drill.js'
import type { Fault } from '../src/ops/drill/faults.js'
import { startLocalTarget } from '../src/ops/drill/local-target.js'
import { TIMING_NAMES } from '../src/ops/drill/timings.js'
import type { LocalMode } from '../src/ops/local-cluster/local-cluster-plan.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10)
const DRILLS: readonly { name: string; mode: LocalMode; nodes: number; fault: Fault }[] = [
  { name: 'raft-kill-leader', mode: 'raft', nodes: 3, fault: 'kill-leader' },
  { name: 'raft-pause-leader', mode: 'raft', nodes: 3, fault: 'pause-leader' },
  { name: 'ha-kill-leader', mode: 'ha_standby', nodes: 2, fault: 'kill-leader' },
]
const chosen = process.env.BENCH_DRILLS?.split(',') ?? DRILLS.map((drill) => drill.name)

for (const drill of DRILLS.filter((candidate) => chosen.includes(candidate.name))) {
  const target = await startLocalTarget({ mode: drill.mode, nodes: drill.nodes, readyTimeoutMs: 60_000 })
  try {
    const report = await runDrill({
      mode: drill.mode, kind: 'local', control: target.control, fault: drill.fault, rounds: ROUNDS, clients: 8,
      http: { timeoutMs: 5000, user: 'admin', password: 'admin' }, steadyMs: 1000, downMs: 1000, healTimeoutMs: 60_000,
    })
    console.log(`${drill.name}: ${ROUNDS} rounds, ${report.operations.total} ops (${report.operations.info} unknown), ${report.verdict}`)
    for (const name of TIMING_NAMES) {
      const { median, max } = report.timings[name]
      console.log(`  ${name.padEnd(14)} median ${String(median ?? '-').padStart(8)}  max ${String(max ?? '-').padStart(8)}`)
    }
    for (const check of report.checks.filter((candidate) => !candidate.ok)) console.log(`  FAILED ${check.name}: ${check.detail}`)
  } finally {
    await target.close()
  }
}
