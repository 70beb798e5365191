import assert from 'node:assert/strict'
import { setTimeout as delay } from 'node:timers/promises'
import { describe, it } from 'node:test'
import { MemoryLevel } from 'memory-level'
import type { GraphReader, GraphStore } from '../../../../src/graph/store/graph-store.js'
import { openGraphStoreOn } from '../../../../src/graph/store/level-graph-store.js'
import { collect, context } from './fixtures.js'

/**
 * A level whose batches are readable (in a new snapshot) a few milliseconds before the write
 * resolves, as a disk write is between landing and its callback: the window in which the store's
 * fields and level disagree.
 */
class LateLevel extends MemoryLevel<string, string> {
  async _batch(operations: unknown, options: unknown): Promise<void> {
    // abstract-level's implementation hook; its typings do not declare it.
    const applyBatch = (MemoryLevel.prototype as unknown as { _batch(operations: unknown, options: unknown): Promise<void> })._batch
    await applyBatch.call(this, operations, options)
    await delay(3)
  }
}

const INDEX = { name: 'by_v', label: 'L', property: 'v' }

/**
 * A view's schema and counts must be those of the data its snapshot holds. The store knows them
 * without reading them back only when no batch is on its way to level; these reads race writes
 * that add or drop an index and a node, each command changing both, to catch a view that got
 * another point in time's schema or counts.
 */
async function assertConsistent(reader: GraphReader, round: number): Promise<void> {
  const scanned = await collect(reader.nodesByLabel('L'))
  const { nodes } = await reader.counts()
  assert.equal(nodes, scanned.length, `round ${round}: counts() says ${nodes}, the snapshot holds ${scanned.length}`)
  const hasIndex = reader.indexes().some((index) => index.name === INDEX.name)
  const lookup = reader.nodesByIndex('L', 'v', { kind: 'equals', value: 1n })
  assert.equal(lookup !== undefined, hasIndex)
  if (lookup !== undefined) {
    const found = await collect(lookup)
    assert.equal(found.length, scanned.length, `round ${round}: the index finds ${found.length} of ${scanned.length} nodes: the view's schema is not its data's`)
  }
}

/** A read view and a transaction's view (whose counts come from the state it was given) both hold. */
async function viewsAgree(store: GraphStore, round: number): Promise<void> {
  await store.read((reader) => assertConsistent(reader, round))
  const transaction = await store.openTransaction({ node: () => [0, 'unused'], relationship: () => [0, 'unused'] }, 0)
  try {
    await assertConsistent(transaction.writer, round)
  } finally {
    await transaction.close()
  }
}

describe('a view of the store while batches go down', () => {
  for (const fsync of [true, false]) {
    it(`sees the schema and counts of the data it holds (fsync ${fsync})`, async () => {
      const db = new LateLevel({ keyEncoding: 'utf8', valueEncoding: 'utf8', storeEncoding: 'buffer' })
      await db.open()
      const store: GraphStore = await openGraphStoreOn(db)
      try {
        for (let round = 1; round <= 40; round++) {
          const write = store.write(context(round), async (w) => {
            if (round % 2 === 1) await w.createIndex(INDEX, false)
            else await w.dropIndex(INDEX.name, false)
            await w.createNode(['L'], { v: 1n })
          }, { fsync })
          // Views opened before, while and after the batch goes down.
          const reads = [viewsAgree(store, round)]
          await delay(1)
          reads.push(viewsAgree(store, round))
          await write
          reads.push(viewsAgree(store, round))
          await Promise.all(reads)
        }
      } finally {
        await store.close()
      }
    })
  }
})
