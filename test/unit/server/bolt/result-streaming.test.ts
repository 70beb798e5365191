import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { PlanDescription } from '../../../../src/graph/command.js'
import type { PackValue } from '../../../../src/server/bolt/packstream.js'
import { body, Harness, names } from './session-harness.js'

/** The most rows any operator of a PROFILE plan produced so far. */
function rowsProduced(plan: PlanDescription | undefined): number {
  if (plan === undefined) return 0
  return Math.max(plan.rows ?? 0, ...plan.children.map(rowsProduced))
}

const LONG_READ = 'UNWIND range(1, 1000) AS a UNWIND range(1, 1000) AS b RETURN a, b'

// Issue 9: "Long results stream with PULL n, not built whole in memory."
describe('Bolt results stream from the graph, a PULL at a time', () => {
  let h: Harness
  beforeEach(async () => {
    h = new Harness()
    await (await h.open({ major: 5, minor: 8 })).authenticated()
  })
  afterEach(() => h.close())

  it('PULL 10 on a long result runs the plan for about 10 rows, not for all of them', async () => {
    await h.send('RUN', `PROFILE ${LONG_READ}`, {}, {})
    const pulled = await h.send('PULL', { n: 10n })
    assert.equal(names(pulled).filter((name) => name === 'RECORD').length, 10)
    assert.equal(body(pulled.at(-1)).has_more, true)
    const produced = rowsProduced(h.cursors[0]!.summary().plan)
    assert.ok(produced >= 10 && produced <= 12, `the plan produced ${produced} rows for PULL 10`)
    assert.equal(h.graph.openReads, 1, 'the result holds its view of the graph between PULLs')
    const rest = await h.send('DISCARD', { n: -1n })
    assert.equal(body(rest[0]).type, 'r')
    assert.equal(h.graph.openReads, 0)
    assert.ok(rowsProduced(h.cursors[0]!.summary().plan) <= 12, 'DISCARD all stops the plan rather than running it out')
  })

  it('PULL -1 hands out every row, in order, and releases the view at the end', async () => {
    await h.send('RUN', 'UNWIND range(1, 2500) AS i RETURN i', {}, {})
    const pulled = await h.send('PULL', { n: -1n })
    const records = pulled.filter((r) => r.name === 'RECORD').map((r) => (r.body as PackValue[])[0])
    assert.deepEqual(records, Array.from({ length: 2500 }, (_, i) => BigInt(i + 1)))
    assert.equal(body(pulled.at(-1)).has_more, undefined)
    assert.match(String(body(pulled.at(-1)).bookmark), /^nornic:\d+$/)
    assert.equal(h.session.state, 'ready')
    assert.equal(h.graph.openReads, 0)
  })

  it('a batch that ends on the last row already carries the summary', async () => {
    await h.send('RUN', 'UNWIND range(1, 4) AS i RETURN i', {}, {})
    assert.equal(body((await h.send('PULL', { n: 2n })).at(-1)).has_more, true)
    const last = await h.send('PULL', { n: 2n })
    assert.deepEqual(names(last), ['RECORD', 'RECORD', 'SUCCESS'])
    assert.equal(body(last[2]).type, 'r')
    assert.equal(h.session.state, 'ready')
  })

  it('an error on a later row is a FAILURE at the PULL that reaches it, with its Neo4j code', async () => {
    await h.send('RUN', 'UNWIND range(1, 10000) AS i RETURN 1 / (5000 - i) AS x', {}, {})
    for (let batch = 0; batch < 4; batch++) {
      const pulled = await h.send('PULL', { n: 1000n })
      assert.equal(pulled.length, 1001)
      assert.equal(body(pulled[1000]).has_more, true)
    }
    const failed = await h.send('PULL', { n: 1000n })
    assert.deepEqual(names(failed), ['FAILURE'])
    assert.equal(body(failed[0]).neo4j_code, 'Neo.ClientError.Statement.ArithmeticError')
    assert.equal(h.session.state, 'failed')
    assert.equal(h.graph.openReads, 0)
  })

  describe('a result that is not pulled to its end releases its view of the graph', () => {
    const openLongRead = async () => {
      await h.send('RUN', LONG_READ, {}, {})
      await h.send('PULL', { n: 10n })
      assert.equal(h.graph.openReads, 1)
    }

    for (const [path, finish] of [
      ['DISCARD', () => h.send('DISCARD', { n: -1n })],
      ['RESET', () => h.send('RESET')],
      ['GOODBYE', () => h.send('GOODBYE')],
      ['a failure (a request out of place)', () => h.send('BEGIN', {})],
      ['the connection closing', () => h.session.close()],
    ] as const) {
      it(`auto-commit, on ${path}`, async () => {
        await openLongRead()
        await finish()
        assert.equal(h.graph.openReads, 0)
      })
    }

    for (const end of ['COMMIT', 'ROLLBACK'] as const) {
      it(`in a read-mode transaction (a view per read), on ${end}`, async () => {
        await h.send('BEGIN', { mode: 'r' })
        await h.send('RUN', LONG_READ, {}, {})
        await h.send('PULL', { n: 10n, qid: -1n })
        await h.send('RUN', 'RETURN 1 AS one', {}, {})
        assert.equal(h.graph.openReads, 2)
        assert.deepEqual(names(await h.send(end)), ['SUCCESS'])
        assert.equal(h.graph.openReads, 0)
        assert.equal(h.session.state, 'ready')
      })
    }

    for (const end of ['COMMIT', 'ROLLBACK'] as const) {
      it(`in a write-mode transaction (one view for all its statements), on ${end}`, async () => {
        await h.send('BEGIN', {})
        await h.send('RUN', 'CREATE (:T)', {}, {})
        await h.send('RUN', LONG_READ, {}, {})
        await h.send('PULL', { n: 10n, qid: -1n })
        assert.equal(h.graph.openReads, 1)
        assert.deepEqual(names(await h.send(end)), ['SUCCESS'])
        assert.equal(h.graph.openReads, 0)
        assert.equal(h.session.state, 'ready')
      })
    }

    it('in a read-mode transaction, on DISCARD of one result while another stays open', async () => {
      await h.send('BEGIN', { mode: 'r' })
      await h.send('RUN', LONG_READ, {}, {})
      await h.send('RUN', LONG_READ, {}, {})
      assert.equal(h.graph.openReads, 2)
      await h.send('DISCARD', { n: -1n, qid: 0n })
      assert.equal(h.graph.openReads, 1)
      assert.equal(h.session.state, 'tx_streaming')
      await h.send('RESET')
      assert.equal(h.graph.openReads, 0)
    })
  })
})
