// What one durable save of the Raft log costs on this disk: save() latency (median, p99) with 1
// and with 16 entries of ~300 bytes each (plus the hard state), as the driver writes a Ready.
// The WAL is measured twice: on a fresh directory, where the spare segment is preallocated (64 MiB
// of zeros written and fsynced) while the saves run, as after every rollover; and reopened, with
// the spare ready, as most of the time. Prints figures; never passes or fails. BENCH_DIR picks
// the disk, BENCH_SAVES the sample size, BENCH_SEGMENT_BYTES the WAL's segment size.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { WalRaftStorage, type RaftStorage } from '../src/cluster/raft/storage/index.js'
import type { Entry } from '../src/cluster/raft/types.js'
import { summarize } from './support/summary.js'

const SAVES = Number(process.env.BENCH_SAVES ?? 2000)
/** A write command as the leader logs it: a statement, parameters and context, ~300 bytes. */
const COMMAND = JSON.stringify({
  statement: 'CREATE (p:Person {name: $name, email: $email, age: $age}) RETURN id(p)',
  parameters: { name: 'Ada Lovelace', email: 'ada@example.org', age: 36 },
  context: { index: 0, timestamp: 1_790_000_000_000, database: 'neo4j', origin: 'node-1' },
}).padEnd(300, ' ')

async function timeSaves(storage: RaftStorage, entriesPerSave: number): Promise<number[]> {
  const { entries } = await storage.load()
  let index = entries.at(-1)?.index ?? 0
  const samples: number[] = []
  for (let i = 0; i < SAVES; i++) {
    const batch: Entry[] = Array.from({ length: entriesPerSave }, () => ({ index: ++index, term: 1, type: 'normal', data: COMMAND }))
    const started = performance.now()
    await storage.save({ entries: batch, hardState: { term: 1, vote: 'node-1', commit: index - entriesPerSave } })
    samples.push(performance.now() - started)
  }
  return samples
}

const SEGMENT_BYTES = process.env.BENCH_SEGMENT_BYTES === undefined ? undefined : Number(process.env.BENCH_SEGMENT_BYTES)
const wal = (dir: string): WalRaftStorage => new WalRaftStorage(dir, SEGMENT_BYTES === undefined ? {} : { segmentBytes: SEGMENT_BYTES })

const kinds: Record<string, (dir: string) => Promise<RaftStorage>> = {
  'wal, spare being prepared': async (dir) => wal(dir),
  'wal, spare ready': async (dir) => {
    const first = wal(dir)
    await first.load()
    await first.close()
    return wal(dir)
  },
}

const root = await mkdtemp(join(process.env.BENCH_DIR ?? tmpdir(), 'nornic-bench-raft-storage-'))
try {
  console.log(`disk: ${root}, ${SAVES} saves each`)
  for (const [kind, open] of Object.entries(kinds)) {
    for (const entriesPerSave of [1, 16]) {
      const storage = await open(join(root, `${kind.replace(/\W+/g, '-')}-${entriesPerSave}`))
      console.log(summarize(`${kind} save, ${entriesPerSave} entr${entriesPerSave === 1 ? 'y' : 'ies'} of ~300 B (ms)`, await timeSaves(storage, entriesPerSave)))
      await storage.close()
    }
  }
} finally {
  await rm(root, { recursive: true, force: true })
}
