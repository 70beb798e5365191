// Seeded simulation of the Raft core (DESIGN.md "Tests": sim). Each seed builds a 3, 5 or 7
// voter cluster, runs it under loss, duplication, reordering, partitions, crashes, membership
// changes and transfers while checking the Raft safety properties after every event, then heals
// the world and requires progress. SIM_SEEDS=N runs more seeds (SIM_FIRST_SEED=F starts
// elsewhere); SIM_SEED=S replays one seed, and SIM_TRACE=1 prints its every event.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RaftSimulation, REQUIRED_PATHS, type SimResult } from './raft-sim.js'

const REPLAY_SEED = process.env['SIM_SEED']
const TRACE = process.env['SIM_TRACE'] === '1'
const SEED_COUNT = Number(process.env['SIM_SEEDS'] ?? 2000)
const FIRST_SEED = Number(process.env['SIM_FIRST_SEED'] ?? 1)

function runSeed(seed: number, trace?: (line: string) => void): SimResult {
  try {
    return new RaftSimulation({ seed, chaosRounds: 250, livenessRounds: 400, trace }).run()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(
      `seed ${seed} failed: ${message}\nreplay: SIM_SEED=${seed} node scripts/test.mjs test/sim/raft-sim.test.ts (SIM_TRACE=1 prints every event)`,
      { cause: error },
    )
  }
}

if (REPLAY_SEED !== undefined) {
  test(`raft simulation replays seed ${REPLAY_SEED}`, () => {
    const result = runSeed(Number(REPLAY_SEED), TRACE ? (line) => console.log(line) : undefined)
    console.log(JSON.stringify({ ...result, paths: Object.fromEntries(result.paths) }))
  })
} else {
  test(`raft simulation keeps safety and liveness over ${SEED_COUNT} seeds and reaches every fault path`, () => {
    const totals = new Map<string, number>()
    const clusterSizes = new Map<number, number>()
    let acknowledged = 0
    for (let seed = FIRST_SEED; seed < FIRST_SEED + SEED_COUNT; seed++) {
      const result = runSeed(seed)
      acknowledged += result.acknowledged
      clusterSizes.set(result.voters, (clusterSizes.get(result.voters) ?? 0) + 1)
      for (const [path, count] of result.paths) totals.set(path, (totals.get(path) ?? 0) + count)
    }
    console.log(`seeds=${SEED_COUNT} acknowledged=${acknowledged} clusters=${JSON.stringify(Object.fromEntries(clusterSizes))}`)
    console.log(`paths=${JSON.stringify(Object.fromEntries([...totals].sort()))}`)
    const missed = REQUIRED_PATHS.filter((path) => (totals.get(path) ?? 0) === 0)
    assert.deepEqual(missed, [], `fault paths never reached: ${missed.join(', ')}`)
    for (const size of [3, 5, 7]) assert.ok((clusterSizes.get(size) ?? 0) > 0, `no ${size}-voter cluster was simulated`)
  })
}
