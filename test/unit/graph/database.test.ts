import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { NornicError } from '../../../src/errors/index.js'
import type { SnapshotChunk } from '../../../src/graph/store/graph-store.js'
import { GraphDatabase } from '../../../src/graph/database.js'

function command(index: number, statement: string, parameters = {}) {
  return { statements: [{ statement, parameters }], context: { index, timestamp: 5_000 } }
}

async function* replay(chunks: readonly SnapshotChunk[]): AsyncIterable<SnapshotChunk> {
  yield* chunks
}

async function collect(chunks: AsyncIterable<SnapshotChunk>): Promise<SnapshotChunk[]> {
  const all: SnapshotChunk[] = []
  for await (const chunk of chunks) all.push(chunk)
  return all
}

describe('GraphDatabase facade', () => {
  let db: GraphDatabase
  beforeEach(async () => {
    db = await GraphDatabase.open({ memory: true })
  })
  afterEach(() => db.close())

  it('says whether statements write, and raises SyntaxError for bad text', () => {
    assert.equal(db.isWrite([{ statement: 'MATCH (n) RETURN n', parameters: {} }]), false)
    assert.equal(db.isWrite([{ statement: 'RETURN 1', parameters: {} }, { statement: 'CREATE ()', parameters: {} }]), true)
    assert.equal(db.isWrite([{ statement: 'CREATE INDEX FOR (n:L) ON (n.p)', parameters: {} }]), true)
    assert.equal(db.isWrite([{ statement: 'SHOW INDEXES', parameters: {} }]), false)
    assert.throws(
      () => db.isWrite([{ statement: 'MATCH (n RETURN n', parameters: {} }]),
      (error: unknown) => error instanceof NornicError && error.code === 'Neo.ClientError.Statement.SyntaxError',
    )
  })

  it('refuses a write statement in read()', async () => {
    await assert.rejects(db.read([{ statement: 'CREATE ()', parameters: {} }]), NornicError)
  })

  it('applies a command once: a replayed index returns undefined and changes nothing', async () => {
    const results = await db.apply(command(1, 'CREATE (:N {v: 1}) RETURN 1 AS one'))
    assert.deepEqual(results?.[0]?.rows, [[1n]])
    assert.equal(db.appliedIndex, 1)
    assert.equal(await db.apply(command(1, 'CREATE (:N)')), undefined)
    assert.deepEqual(await db.counts(), { nodes: 1, relationships: 0 })
  })

  it('applies every statement of a command or none', async () => {
    const failing = {
      statements: [
        { statement: 'CREATE (:N)', parameters: {} },
        { statement: 'MATCH (n:N) RETURN n.v / 0', parameters: {} },
      ],
      context: { index: 1, timestamp: 0 },
    }
    await db.apply(command(1, 'CREATE (:N {v: 1})'))
    failing.context = { index: 2, timestamp: 0 }
    await assert.rejects(db.apply(failing), NornicError)
    assert.deepEqual(await db.counts(), { nodes: 1, relationships: 0 })
    assert.equal(db.appliedIndex, 1)
  })

  it('lets later statements of a command see the earlier ones', async () => {
    const results = await db.apply({
      statements: [
        { statement: 'CREATE (:N {v: $v})', parameters: { v: 7n } },
        { statement: 'MATCH (n:N) RETURN n.v', parameters: {} },
      ],
      context: { index: 1, timestamp: 0 },
    })
    assert.deepEqual(results?.[1]?.rows, [[7n]])
  })

  it('creates, shows and drops indexes and unique constraints', async () => {
    await db.apply(command(1, 'CREATE INDEX by_name FOR (n:P) ON (n.name)'))
    await db.apply(command(2, 'CREATE CONSTRAINT FOR (n:P) REQUIRE n.id IS UNIQUE'))
    const [indexes, constraints] = await db.read([
      { statement: 'SHOW INDEXES', parameters: {} },
      { statement: 'SHOW CONSTRAINTS', parameters: {} },
    ])
    assert.ok(indexes!.rows.some((row) => row[0] === 'by_name'))
    assert.equal(constraints!.rows.length, 1)
    await db.apply(command(3, 'CREATE (:P {id: 1})'))
    await assert.rejects(
      db.apply(command(4, 'CREATE (:P {id: 1})')),
      (error: unknown) => error instanceof NornicError && error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed',
    )
    const dropped = await db.apply(command(5, 'DROP INDEX by_name'))
    assert.equal(dropped?.[0]?.stats.indexesRemoved, 1)
  })

  it('restores a snapshot into another database that then holds the same data', async () => {
    await db.apply(command(1, "CREATE (:A {name: 'a'})-[:R]->(:B)"))
    const chunks = await collect(db.snapshot())
    const other = await GraphDatabase.open({ memory: true })
    try {
      await other.restore(replay(chunks))
      assert.equal(other.appliedIndex, 1)
      assert.deepEqual(await other.counts(), { nodes: 2, relationships: 1 })
      assert.deepEqual(await collect(other.snapshot()), chunks)
    } finally {
      await other.close()
    }
  })
})

describe('GraphDatabase on disk', () => {
  it('keeps applied commands across close and open', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nornic-db-'))
    try {
      const first = await GraphDatabase.open({ dir })
      await first.apply(command(1, 'CREATE (:N {v: 1})'))
      await first.close()
      const second = await GraphDatabase.open({ dir })
      assert.equal(second.appliedIndex, 1)
      const [result] = await second.read([{ statement: 'MATCH (n:N) RETURN n.v', parameters: {} }])
      assert.deepEqual(result?.rows, [[1n]])
      await second.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
