import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { NornicError } from '../../../../src/errors/index.js'
import { openLevelGraphStore, openMemoryGraphStore } from '../../../../src/graph/store/level-graph-store.js'
import type { GraphWriter } from '../../../../src/graph/store/graph-store.js'
import { context, storeContents } from './fixtures.js'

describe('graph store: several writes as one batch (writeAll)', () => {
  it('runs each write on what the ones before it left; one that throws is undone alone', async () => {
    const grouped = await openMemoryGraphStore()
    const single = await openMemoryGraphStore()
    const writes = [
      { context: context(2), write: async (w: GraphWriter) => (await w.createNode(['A'], { v: 1n })).id },
      { context: context(3), write: async (w: GraphWriter) => {
        await w.createNode(['B'], {})
        throw new NornicError('Neo.ClientError.Statement.ArithmeticError', '/ by zero')
      } },
      { context: context(4), write: async (w: GraphWriter) => (await w.getNode(0))?.properties.v ?? null },
    ]
    const outcomes = await grouped.writeAll(writes)
    assert.deepEqual(outcomes.map((outcome) => outcome.skipped ? 'skipped' : outcome.ok), [true, false, true])
    assert.deepEqual(outcomes[2], { skipped: false, ok: true, value: 1n }, 'the third write saw the first')
    assert.equal(grouped.appliedIndex, 4)
    for (const write of writes) await single.write(write.context, write.write).catch(() => undefined)
    assert.deepEqual(await storeContents(grouped), await storeContents(single), 'one batch leaves what the writes one by one leave')
    assert.deepEqual(await grouped.writeAll([{ context: context(4), write: async () => 'again' }]), [{ skipped: true }])
  })

  it('without fsync, answers before its batch is written, and a read started at once still sees it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nornic-graph-group-'))
    const store = await openLevelGraphStore(dir)
    for (let index = 1; index <= 20; index++) {
      const [outcome] = await store.writeAll([{ context: context(index), write: (w) => w.createNode(['K'], { i: BigInt(index) }) }], { fsync: false })
      assert.equal(outcome!.skipped === false && outcome!.ok, true)
      const seen = await store.read((reader) => reader.counts())
      assert.equal(seen.nodes, index, `the read after write ${index} sees it`)
    }
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })
})
