import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { GraphStore, GraphWriter, GroupedWrite } from '../../../../src/graph/store/graph-store.js'
import { openMemoryGraphStore } from '../../../../src/graph/store/level-graph-store.js'
import { context, replay, snapshotChunks, storeContents } from './fixtures.js'

/** A write creating one :K node with property k, counting how often it runs. */
function counted(index: number, k: bigint): GroupedWrite<number> & { runs: number } {
  const write = {
    runs: 0,
    context: context(index),
    write: async (writer: GraphWriter) => {
      write.runs += 1
      return (await writer.createNode(['K'], { k })).id
    },
  }
  return write
}

describe('graph store: writes prepared ahead', () => {
  let store: GraphStore
  let twin: GraphStore
  beforeEach(async () => {
    store = await openMemoryGraphStore()
    twin = await openMemoryGraphStore()
    for (const each of [store, twin]) await each.writeAll([counted(1, 1n)])
  })
  afterEach(async () => {
    await store.close()
    await twin.close()
  })

  it('commits the kept effects of the same write objects without running them again, as running them would', async () => {
    const first = counted(2, 2n)
    const second = counted(3, 3n)
    await store.prepareAll([first, second])
    assert.deepEqual([first.runs, second.runs], [1, 1])
    assert.deepEqual(await storeContents(store), await storeContents(twin), 'nothing is stored by preparing')
    assert.equal(store.appliedIndex, 1)

    const outcomes = await store.writeAll([first, second], { fsync: false })
    assert.deepEqual([first.runs, second.runs], [1, 1], 'the writes did not run again')
    assert.deepEqual(outcomes, [{ skipped: false, ok: true, value: 1 }, { skipped: false, ok: true, value: 2 }])
    assert.equal(store.appliedIndex, 3)

    await twin.writeAll([counted(2, 2n), counted(3, 3n)])
    assert.deepEqual(await storeContents(store), await storeContents(twin))
    // The state after the prepared batch is the one later writes build on: ids go on from it.
    assert.deepEqual(await store.writeAll([counted(4, 4n)]), [{ skipped: false, ok: true, value: 3 }])
  })

  it('runs writes that are not the prepared objects, and lets the prepared effects go', async () => {
    const prepared = counted(2, 2n)
    await store.prepareAll([prepared])
    const other = counted(2, 20n)
    assert.deepEqual(await store.writeAll([other]), [{ skipped: false, ok: true, value: 1 }])
    assert.equal(other.runs, 1)
    // Offered later, the prepared write is not taken from memory: its index is applied now, so it is skipped.
    assert.deepEqual(await store.writeAll([prepared]), [{ skipped: true }])
    assert.equal(prepared.runs, 1)

    await twin.writeAll([counted(2, 20n)])
    assert.deepEqual(await storeContents(store), await storeContents(twin))
  })

  it('takes the kept effects of prepared writes that begin a longer group, and runs only the rest', async () => {
    const prepared = counted(2, 2n)
    const later = counted(3, 3n)
    await store.prepareAll([prepared])
    assert.deepEqual(await store.writeAll([prepared, later], { fsync: false }), [{ skipped: false, ok: true, value: 1 }, { skipped: false, ok: true, value: 2 }])
    assert.deepEqual([prepared.runs, later.runs], [1, 1])
    assert.equal(store.appliedIndex, 3)
    await twin.writeAll([counted(2, 2n), counted(3, 3n)])
    assert.deepEqual(await storeContents(store), await storeContents(twin))
  })

  it('runs prepared writes that come second in a group', async () => {
    const prepared = counted(3, 3n)
    await store.prepareAll([prepared])
    await store.writeAll([counted(2, 2n), prepared])
    assert.equal(prepared.runs, 2)
    await twin.writeAll([counted(2, 2n), counted(3, 3n)])
    assert.deepEqual(await storeContents(store), await storeContents(twin))
  })

  it('runs a prepared write again when the state changed under it', async () => {
    const prepared = counted(3, 3n)
    await store.prepareAll([prepared])
    await store.writeAll([counted(2, 2n)])
    assert.deepEqual(await store.writeAll([prepared]), [{ skipped: false, ok: true, value: 2 }], 'the id follows the write in between')
    assert.equal(prepared.runs, 2)

    await twin.writeAll([counted(2, 2n)])
    await twin.writeAll([counted(3, 3n)])
    assert.deepEqual(await storeContents(store), await storeContents(twin))
  })

  it('runs a prepared write again after a restore, even to the same applied index', async () => {
    const chunks = await snapshotChunks(store)
    const prepared = counted(2, 2n)
    await store.prepareAll([prepared])
    await store.restore(replay(chunks))
    assert.equal(store.appliedIndex, 1)
    await store.writeAll([prepared])
    assert.equal(prepared.runs, 2)
  })

  it('runs prepared writes again when offered only some of them', async () => {
    const first = counted(2, 2n)
    const second = counted(3, 3n)
    await store.prepareAll([first, second])
    await store.writeAll([first])
    await store.writeAll([second])
    assert.deepEqual([first.runs, second.runs], [2, 2])
    await twin.writeAll([counted(2, 2n), counted(3, 3n)])
    assert.deepEqual(await storeContents(store), await storeContents(twin))
  })

  it('keeps a prepared failure as the outcome and stores nothing for it', async () => {
    let runs = 0
    const failing: GroupedWrite<number> = {
      context: context(2),
      write: async (writer) => {
        runs += 1
        await writer.createNode(['K'], { k: 9n })
        throw new Error('refused')
      },
    }
    await store.prepareAll([failing])
    const [outcome] = await store.writeAll([failing])
    assert.equal(runs, 1)
    assert.ok(outcome !== undefined && !outcome.skipped && !outcome.ok && outcome.error instanceof Error && outcome.error.message === 'refused')
    assert.equal(store.appliedIndex, 1)
    assert.deepEqual(await storeContents(store), await storeContents(twin))
  })

  it('keeps only the last preparation', async () => {
    const dropped = counted(2, 2n)
    const kept = counted(2, 3n)
    await store.prepareAll([dropped])
    await store.prepareAll([kept])
    await store.writeAll([kept])
    assert.equal(kept.runs, 1)
    await twin.writeAll([counted(2, 3n)])
    assert.deepEqual(await storeContents(store), await storeContents(twin))
  })
})
