import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { QueryResult, WriteRequest } from '../../../src/graph/command.js'
import { GraphDatabase } from '../../../src/graph/database.js'
import { IdBlocks } from '../../../src/graph/id-blocks.js'
import { NodeValue } from '../../../src/graph/values.js'
import { isNornicError } from '../../../src/errors/index.js'

function statement(text: string, parameters = {}) {
  return { statement: text, parameters }
}

/** A stand-in for the replication layer: numbers requests and applies them to the one database. */
class LocalLog {
  index = 0
  reservations = 0
  constructor(private readonly db: GraphDatabase) {}

  async apply(request: WriteRequest): Promise<QueryResult[]> {
    if (request.reserveIds !== undefined) this.reservations += 1
    const results = await this.db.apply({ ...request, context: { index: ++this.index, timestamp: 7_000 } })
    return results!
  }

  ids(blockSize = 1000): IdBlocks {
    return new IdBlocks((reservation) => this.apply({ statements: [], reserveIds: reservation }), blockSize)
  }
}

async function rejectsOutdated(promise: Promise<unknown>): Promise<void> {
  await assert.rejects(promise, (error: unknown) => isNornicError(error) && error.code === 'Neo.TransientError.Transaction.Outdated')
}

describe('an explicit transaction that runs ahead of the log', () => {
  let db: GraphDatabase
  let log: LocalLog
  beforeEach(async () => {
    db = await GraphDatabase.open({ memory: true })
    log = new LocalLog(db)
  })
  afterEach(() => db.close())

  it('returns the rows of its writes, reads its own writes, and stores nothing until its command is applied', async () => {
    await log.apply({ statements: [statement('CREATE (:Seed)')] })
    const tx = await db.begin(log.ids())
    const [created] = (await tx.run(statement('CREATE (n:Person {name: $name}) RETURN n', { name: 'Ada' }))).rows
    const node = created![0] as NodeValue
    assert.equal(node.properties.name, 'Ada')
    const seen = await tx.run(statement('MATCH (n:Person) RETURN n.name, id(n), elementId(n)'))
    assert.deepEqual(seen.rows, [['Ada', BigInt(node.id), node.elementId]])
    assert.deepEqual(await db.read([statement('MATCH (n:Person) RETURN count(n)')]).then((r) => r[0]!.rows), [[0n]])

    const request = tx.request()
    await tx.close()
    assert.equal(db.openReads, 0)
    const applied = await log.apply(request)
    assert.deepEqual(applied[0]!.rows, [[node]])
    const stored = await db.read([statement('MATCH (n:Person) RETURN id(n), elementId(n)')])
    assert.deepEqual(stored[0]!.rows, [[BigInt(node.id), node.elementId]])
  })

  it('fails with Outdated when a write committed meanwhile changes what it read, and applies nothing of it', async () => {
    await log.apply({ statements: [statement('CREATE (:Counter {v: 0})')] })
    const increment = statement('MATCH (c:Counter) SET c.v = c.v + 1 RETURN c.v')
    const first = await db.begin(log.ids())
    const second = await db.begin(log.ids())
    assert.deepEqual((await first.run(increment)).rows, [[1n]])
    assert.deepEqual((await second.run(increment)).rows, [[1n]])
    await second.run(statement('CREATE (:Audit)'))
    await log.apply(first.request())
    await rejectsOutdated(log.apply(second.request()))
    await Promise.all([first.close(), second.close()])
    const [counter, audits] = await db.read([statement('MATCH (c:Counter) RETURN c.v'), statement('MATCH (a:Audit) RETURN count(a)')])
    assert.deepEqual(counter!.rows, [[1n]])
    assert.deepEqual(audits!.rows, [[0n]])
  })

  it('commits side by side with transactions that touch other data, each keeping the ids it showed', async () => {
    const ids = log.ids()
    const one = await db.begin(ids)
    const two = await db.begin(ids)
    const a = (await one.run(statement('CREATE (a:A) RETURN id(a)'))).rows
    const b = (await two.run(statement('CREATE (b:B) RETURN id(b)'))).rows
    await log.apply({ statements: [statement('CREATE (:Other)')] })
    await log.apply(two.request())
    await log.apply(one.request())
    await Promise.all([one.close(), two.close()])
    assert.notDeepEqual(a, b)
    const stored = await db.read([statement('MATCH (a:A) RETURN id(a)'), statement('MATCH (b:B) RETURN id(b)')])
    assert.deepEqual([stored[0]!.rows, stored[1]!.rows], [a, b])
    assert.equal(log.reservations, 1, 'both transactions took ids from one block')
  })

  it('fails with Outdated when it would now create more than it did, though it returns no rows', async () => {
    await log.apply({ statements: [statement('CREATE (:A)')] })
    const tx = await db.begin(log.ids())
    await tx.run(statement('MATCH (a:A) CREATE (:B)'))
    await log.apply({ statements: [statement('CREATE (:A)')] })
    await rejectsOutdated(log.apply(tx.request()))
    await tx.close()
  })

  it('keeps its clock and rand() seed, so a command that read them still applies', async () => {
    const tx = await db.begin(log.ids())
    const shown = await tx.run(statement('CREATE (n:R {r: rand(), t: timestamp()}) RETURN n.r, n.t'))
    const request = tx.request()
    await tx.close()
    const applied = await log.apply(request)
    assert.deepEqual(applied[0]!.rows, shown.rows)
  })

  it('fails the statement that breaks a unique constraint, not COMMIT', async () => {
    await log.apply({ statements: [statement('CREATE CONSTRAINT u FOR (p:P) REQUIRE p.k IS UNIQUE')] })
    await log.apply({ statements: [statement('CREATE (:P {k: 1})')] })
    const tx = await db.begin(log.ids())
    await assert.rejects(tx.run(statement('CREATE (:P {k: 1})')), (error: unknown) => isNornicError(error) && error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed')
    await tx.close()
  })

  it('streams a read: a cursor closed early is checked on the rows it handed out, not on the rest', async () => {
    await log.apply({ statements: [statement('UNWIND range(1, 5) AS i CREATE (:Row {i: i})')] })
    const tx = await db.begin(log.ids())
    const read = await tx.openRead(statement('PROFILE MATCH (r:Row) RETURN r.i ORDER BY r.i'))
    assert.deepEqual(await read.next(2), [[1n], [2n]])
    await read.close()
    await tx.run(statement('CREATE (:Seen)'))
    const request = tx.request()
    await tx.close()
    // A row the client was never shown changes: the transaction still commits.
    await log.apply({ statements: [statement('MATCH (r:Row {i: 5}) SET r.i = 50')] })
    await log.apply(request)
    assert.deepEqual((await db.read([statement('MATCH (s:Seen) RETURN count(s)')]))[0]!.rows, [[1n]])

    const again = await db.begin(log.ids())
    const shown = await again.openRead(statement('MATCH (r:Row) RETURN r.i ORDER BY r.i'))
    assert.deepEqual(await shown.next(1), [[1n]])
    await shown.close()
    await again.run(statement('CREATE (:Seen)'))
    const conflicting = again.request()
    await again.close()
    // A row it was shown changes: Outdated.
    await log.apply({ statements: [statement('MATCH (r:Row {i: 1}) SET r.i = 10')] })
    await rejectsOutdated(log.apply(conflicting))
  })

  it('runs a streamed read only as far as it is read, and holds the rest before the next statement changes the graph', async () => {
    const tx = await db.begin(log.ids())
    await tx.run(statement('UNWIND range(1, 3) AS i CREATE (:Item {i: i})'))
    const long = await tx.openRead(statement('PROFILE UNWIND range(1, 100000) AS x RETURN x'))
    assert.equal((await long.next(10)).length, 10)
    const produced = long.summary().plan!.rows!
    assert.ok(produced <= 12, `the plan produced ${produced} rows for 10 read`)
    await long.close()
    const items = await tx.openRead(statement('MATCH (n:Item) RETURN n.i'))
    assert.deepEqual(await items.next(1), [[1n]])
    await tx.run(statement('MATCH (n:Item) DETACH DELETE n'))
    assert.deepEqual(await items.next(-1), [[2n], [3n]], 'the rows were read before the delete ran')
    await items.close()
    const request = tx.request()
    await tx.close()
    await log.apply(request)
    assert.equal((await db.counts()).nodes, 0)
  })

  it('takes ids no other write is given: auto-commit writes and other blocks come after a reserved block', async () => {
    const ids = log.ids(3)
    const taken = await Promise.all([ids.node(), ids.node(), ids.node(), ids.node(), ids.relationship()])
    assert.equal(log.reservations, 2, 'the fourth node id needed a second block')
    const [auto] = await log.apply({ statements: [statement('CREATE (n) RETURN id(n)')] })
    const numbers = [...taken.slice(0, 4).map(([id]) => id), Number(auto!.rows[0]![0])]
    assert.equal(new Set(numbers).size, 5)
    assert.ok(Number(auto!.rows[0]![0]) > Math.max(...numbers.slice(0, 4)))
    const elementIds = taken.map(([, elementId]) => elementId)
    assert.equal(new Set(elementIds).size, 5)
  })
})
