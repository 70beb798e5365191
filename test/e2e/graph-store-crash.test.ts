import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { openLevelGraphStore } from '../../src/graph/store/level-graph-store.js'
import { runThenKill } from './support/kill-after-acks.js'

const WRITER = fileURLToPath(new URL('./fixtures/graph-store-writer.ts', import.meta.url))
/** Generous: the child starts tsx and fsyncs every command on a loaded machine. */
const ACK_WAIT_MS = 60_000

/** Starts the writer on `dir`, kills it with SIGKILL after `acksBeforeKill` acknowledged commands, returns the last one. */
function writeThenKill(dir: string, acksBeforeKill: number): Promise<number> {
  return runThenKill(WRITER, [dir], acksBeforeKill, ACK_WAIT_MS)
}

async function assertHoldsEveryAcknowledged(dir: string, lastAcked: number): Promise<number> {
  const store = await openLevelGraphStore(dir)
  try {
    const applied = store.appliedIndex
    assert.ok(applied >= lastAcked, `appliedIndex ${applied} is behind the last acknowledged command ${lastAcked}`)
    await store.read(async (reader) => {
      const seen: bigint[] = []
      for await (const node of reader.nodesByLabel('Entry')) seen.push(node.properties.i as bigint)
      // Every command up to appliedIndex is there, whole, once, and nothing beyond it.
      assert.deepEqual(seen, Array.from({ length: applied }, (_, i) => BigInt(i + 1)))
      assert.deepEqual(await reader.counts(), { nodes: applied, relationships: applied - 1 })
    })
    return applied
  } finally {
    await store.close()
  }
}

describe('graph store survives kill -9', () => {
  let dir: string
  before(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'nornic-crash-')), 'graph')
  })
  after(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true })
  })

  it('keeps every acknowledged write through two SIGKILLs mid-stream', { timeout: 4 * ACK_WAIT_MS }, async () => {
    const firstAcked = await writeThenKill(dir, 40)
    const firstApplied = await assertHoldsEveryAcknowledged(dir, firstAcked)
    const secondAcked = await writeThenKill(dir, 40)
    assert.ok(secondAcked > firstApplied)
    await assertHoldsEveryAcknowledged(dir, secondAcked)
  })
})
