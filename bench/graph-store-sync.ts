// What durability costs on this machine: one level batch with { sync: true } (fsync) against
// one without, then small write transactions per second through the graph store (each one an
// fsynced batch). Prints figures; never passes or fails. BENCH_DIR picks the disk to measure.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Level } from 'level'
import { openLevelGraphStore } from '../src/graph/store/level-graph-store.js'
import { summarize } from './support/summary.js'

const BATCHES = Number(process.env.BENCH_BATCHES ?? 300)
const TRANSACTIONS = Number(process.env.BENCH_TRANSACTIONS ?? 1000)

async function timeBatches(db: Level<string, string>, sync: boolean): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < BATCHES; i++) {
    const started = performance.now()
    await db.batch(
      [
        { type: 'put', key: `n:${String(i).padStart(16, '0')}`, value: '{"e":"1:0","l":["A"],"p":[["k",{"i":"1"}]]}' },
        { type: 'put', key: `l:A\x00${String(i).padStart(16, '0')}`, value: '' },
        { type: 'put', key: 'm:applied', value: String(i) },
      ],
      { sync },
    )
    samples.push(performance.now() - started)
  }
  return samples
}

const root = await mkdtemp(join(process.env.BENCH_DIR ?? tmpdir(), 'nornic-bench-sync-'))
try {
  const db = new Level<string, string>(join(root, 'raw'))
  await db.open()
  console.log(`disk: ${root}`)
  console.log(summarize('level batch, 3 puts, sync: true (ms)', await timeBatches(db, true)))
  console.log(summarize('level batch, 3 puts, sync: false (ms)', await timeBatches(db, false)))
  await db.close()

  const store = await openLevelGraphStore(join(root, 'graph'))
  const samples: number[] = []
  const started = performance.now()
  for (let index = 1; index <= TRANSACTIONS; index++) {
    const before = performance.now()
    await store.write({ index, timestamp: index }, async (writer) => {
      const node = await writer.createNode(['Event'], { seq: BigInt(index), kind: 'tick' })
      if (node.id > 0) await writer.createRelationship('AFTER', node.id, node.id - 1, {})
    })
    samples.push(performance.now() - before)
  }
  const seconds = (performance.now() - started) / 1000
  console.log(summarize('graph store write: 1 node + 1 relationship (ms)', samples))
  console.log(`graph store writes/s: ${(TRANSACTIONS / seconds).toFixed(0)}`)
  await store.close()
} finally {
  await rm(root, { recursive: true, force: true })
}
