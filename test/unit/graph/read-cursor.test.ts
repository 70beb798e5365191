import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { NornicError } from '../../../src/errors/index.js'
import type { PlanDescription } from '../../../src/graph/command.js'
import { GraphDatabase } from '../../../src/graph/database.js'

const read = (statement: string, parameters = {}) => ({ statement, parameters })

/** The most rows any operator of a PROFILE plan produced so far. */
function rowsProduced(plan: PlanDescription | undefined): number {
  if (plan === undefined) return 0
  return Math.max(plan.rows ?? 0, ...plan.children.map(rowsProduced))
}

const isCode = (code: string) => (error: unknown) => error instanceof NornicError && error.code === code

// Issue 9: long results stream, not built whole in memory.
describe('GraphDatabase.openRead: a streamed read on a held view', () => {
  let db: GraphDatabase
  beforeEach(async () => {
    db = await GraphDatabase.open({ memory: true })
  })
  afterEach(() => db.close())

  it('runs the plan only as far as the rows asked for (one row looked ahead)', async () => {
    const cursor = await db.openRead(read('PROFILE UNWIND range(1, 1000000) AS i RETURN i'))
    assert.deepEqual(cursor.columns, ['i'])
    const rows = await cursor.next(10)
    assert.deepEqual(rows.map(([i]) => i), [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n])
    const produced = rowsProduced(cursor.summary().plan)
    assert.ok(produced >= 10 && produced <= 12, `the plan produced ${produced} rows for a batch of 10`)
    assert.equal(cursor.exhausted, false)
    assert.equal(db.openReads, 1)
    await cursor.close()
    assert.equal(db.openReads, 0)
  })

  it('releases its view by itself once the last row is handed out, and knows the end when a batch meets it', async () => {
    const cursor = await db.openRead(read('UNWIND range(1, 20) AS i RETURN i'))
    assert.equal((await cursor.next(10)).length, 10)
    assert.equal(cursor.exhausted, false)
    assert.equal((await cursor.next(10)).length, 10)
    assert.equal(cursor.exhausted, true, 'the look-ahead found the end')
    assert.equal(db.openReads, 0)
    assert.deepEqual(await cursor.next(10), [])
    await cursor.close()
    assert.equal(db.openReads, 0)
  })

  it('an error on a later row fails the batch that asks for it, and closes the cursor', async () => {
    const cursor = await db.openRead(read('UNWIND range(1, 10000) AS i RETURN 1 / (5000 - i) AS x'))
    for (let batch = 0; batch < 4; batch++) assert.equal((await cursor.next(1000)).length, 1000)
    await assert.rejects(cursor.next(1000), isCode('Neo.ClientError.Statement.ArithmeticError'))
    assert.equal(db.openReads, 0)
    await cursor.close()
  })

  it('an error on the row looked ahead belongs to the next batch, not to this one', async () => {
    const cursor = await db.openRead(read('UNWIND range(1, 10) AS i RETURN 1 / (3 - i) AS x'))
    assert.equal((await cursor.next(2)).length, 2)
    await assert.rejects(cursor.next(2), isCode('Neo.ClientError.Statement.ArithmeticError'))
    assert.equal(db.openReads, 0)
  })

  it('sees the graph as of its opening while writes go on', async () => {
    await db.apply({ statements: [read('UNWIND range(1, 3) AS i CREATE (:N {i: i})')], context: { index: 1, timestamp: 1 } })
    const cursor = await db.openRead(read('MATCH (n:N) RETURN n.i AS i'))
    assert.equal((await cursor.next(1)).length, 1)
    await db.apply({ statements: [read('UNWIND range(4, 6) AS i CREATE (:N {i: i})')], context: { index: 2, timestamp: 2 } })
    assert.equal((await cursor.next(-1)).length, 2)
    assert.equal(cursor.exhausted, true)
    assert.equal((await db.read([read('MATCH (n:N) RETURN count(n)')]))[0]!.rows[0]![0], 6n)
  })

  it('stops between rows once its signal is aborted; close waits for a running batch', async () => {
    const cursor = await db.openRead(read('UNWIND range(1, 1000000) AS i RETURN i'))
    const controller = new AbortController()
    controller.abort()
    assert.deepEqual(await cursor.next(-1, controller.signal), [])
    const running = cursor.next(5000)
    await new Promise((resolve) => setImmediate(resolve))
    await cursor.close()
    assert.equal((await running).length, 5000)
    assert.equal(db.openReads, 0)
    assert.deepEqual(await cursor.next(10), [], 'a closed cursor has no more rows')
  })

  it('fails at opening on what the statement raises at once, and then holds no view', async () => {
    await assert.rejects(db.openRead(read('CREATE ()')), isCode('Neo.ClientError.Request.Invalid'))
    await assert.rejects(db.openRead(read('RETURN $missing')), isCode('Neo.ClientError.Statement.ParameterMissing'))
    assert.equal(db.openReads, 0)
  })

  it('EXPLAIN plans without rows; schema listings stream their rows too', async () => {
    const explained = await db.openRead(read('EXPLAIN MATCH (n) RETURN n'))
    assert.deepEqual(await explained.next(-1), [])
    assert.equal(explained.summary().plan?.operator !== undefined, true)
    const listing = await db.openRead(read('SHOW INDEXES'))
    assert.deepEqual(await listing.next(-1), [])
    assert.equal(db.openReads, 0)
  })
})
