/**
 * Time to check register histories for linearizability: simulated atomic-register histories of
 * 1k, 10k and 100k ops over 8 keys with 8 processes (1% of ops with an unknown outcome by default,
 * 5% failed), each checked several times with a different seed; then the same histories with one
 * read in the middle changed to a value never written, which the checker must reject. Prints
 * median and p99 check time and the configurations the search expanded. Figures only; nothing
 * here passes or fails.
 *
 *   npx tsx bench/linearizability-check.ts [runs-per-size] [info-rate]
 */
import { performance } from 'node:perf_hooks'
import { pairOperations, type Operation } from '../src/ops/drill/history.js'
import { checkRegisters } from '../src/ops/drill/linearizability/index.js'
import { simulateRegisterHistory } from '../test/unit/ops/drill/support/simulated-register.js'
import { summarize } from './support/summary.js'

const RUNS = Number(process.argv[2] ?? 7)
const INFO_RATE = Number(process.argv[3] ?? 0.01)
const SIZES = [1_000, 10_000, 100_000]

function corruptMiddleRead(operations: readonly Operation[]): Operation[] {
  const reads = operations.filter((operation) => operation.f === 'read' && operation.outcome === 'ok')
  const victim = reads[Math.floor(reads.length / 2)]
  return operations.map((operation) => (operation === victim ? { ...operation, value: 'never-written' } : operation))
}

function measure(label: string, expected: string, histories: readonly Operation[][]): void {
  const timesMs: number[] = []
  const configurations: number[] = []
  for (const operations of histories) {
    const started = performance.now()
    const result = checkRegisters(operations)
    timesMs.push(performance.now() - started)
    configurations.push(result.configurations)
    if (result.verdict !== expected) console.log(`  ${label}: verdict ${result.verdict}, expected ${expected}`)
  }
  console.log(`  ${summarize(`${label}, check ms`, timesMs)}`)
  console.log(`  ${summarize(`${label}, configurations`, configurations)}`)
}

console.log(`linearizability-check: 8 keys, 8 processes, info rate ${INFO_RATE}, fail rate 0.05, ${RUNS} runs per size, node ${process.version}`)
for (const size of SIZES) {
  const histories = Array.from({ length: RUNS }, (_, run) =>
    pairOperations(simulateRegisterHistory({ seed: 1000 + run, operations: size, processes: 8, keys: 8, infoRate: INFO_RATE, failRate: 0.05 })))
  measure(`${String(size).padStart(6)} ops, clean`, 'linearizable', histories)
  measure(`${String(size).padStart(6)} ops, one stale read`, 'not-linearizable', histories.map(corruptMiddleRead))
}
