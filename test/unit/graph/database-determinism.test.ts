import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import type { SnapshotChunk } from '../../../src/graph/store/graph-store.js'
import type { WriteCommand } from '../../../src/graph/command.js'
import { GraphDatabase } from '../../../src/graph/database.js'

/**
 * DESIGN.md, "A write is a deterministic command": replicas applying the same commands in the
 * same order must end byte-identical, failed commands included, and a snapshot restored
 * elsewhere must give the same store.
 */
const TEMPLATES = [
  'CREATE (:L$label {v: $v})',
  'UNWIND range(1, $v % 3 + 1) AS i CREATE (:L$label {v: $v + i, r: rand()})',
  'MATCH (a:L$label), (b) WHERE a.v < b.v AND b.v < $v CREATE (a)-[:R {at: timestamp()}]->(b)',
  'MATCH (n:L$label) SET n.w = $v, n:Seen',
  'MATCH (n) WHERE n.v = $v DETACH DELETE n',
  'MERGE (n:L$label {v: $v}) ON MATCH SET n.hits = coalesce(n.hits, 0) + 1',
  'MATCH (n) WHERE n.v > $v REMOVE n.w, n:Seen',
  'CREATE (:L$label {v: $v}) WITH 1 AS x RETURN x / ($v % 2)',
]

const commandArbitrary = fc.record({
  template: fc.integer({ min: 0, max: TEMPLATES.length - 1 }),
  label: fc.integer({ min: 0, max: 2 }),
  v: fc.integer({ min: 0, max: 9 }),
  timestamp: fc.integer({ min: 0, max: 2 ** 40 }),
})

type CommandSpec = { template: number; label: number; v: number; timestamp: number }

function toCommand(spec: CommandSpec, index: number): WriteCommand {
  const statement = TEMPLATES[spec.template]!.replaceAll('$label', String(spec.label))
  return { statements: [{ statement, parameters: { v: BigInt(spec.v) } }], context: { index, timestamp: spec.timestamp } }
}

async function applyAll(db: GraphDatabase, specs: readonly CommandSpec[]): Promise<string[]> {
  const outcomes: string[] = []
  for (const [i, spec] of specs.entries()) {
    try {
      await db.apply(toCommand(spec, i + 1))
      outcomes.push('ok')
    } catch (error) {
      outcomes.push((error as { code?: string }).code ?? 'error')
    }
  }
  return outcomes
}

/** How a step of applyPrepared goes: which command is prepared, and how many apply together. */
interface PreparedStep {
  /** Prepared instead of the real command: leadership changed hands and another entry committed at its index. */
  readonly displaced: CommandSpec | null
  /** The next command commits in the same round and is applied in the same batch. */
  readonly withNext: boolean
}

/**
 * As applyAll, but each batch's first command is prepared ahead, as a Raft leader does, and
 * applied as the very object prepared, alone or with the next one, unless displaced.
 */
async function applyPrepared(db: GraphDatabase, specs: readonly CommandSpec[], steps: readonly PreparedStep[]): Promise<string[]> {
  const outcomes: string[] = []
  for (let i = 0; i < specs.length;) {
    const { displaced, withNext } = steps[i]!
    const batch = specs.slice(i, withNext ? i + 2 : i + 1).map((spec, j) => toCommand(spec, i + j + 1))
    await db.prepare(displaced === null ? batch[0]! : toCommand(displaced, i + 1))
    for (const outcome of await db.applyAll(batch, { fsync: false })) outcomes.push(outcome!.ok ? 'ok' : (outcome!.error as { code?: string }).code ?? 'error')
    i += batch.length
  }
  return outcomes
}

async function snapshotOf(db: GraphDatabase): Promise<SnapshotChunk[]> {
  const chunks: SnapshotChunk[] = []
  for await (const chunk of db.snapshot()) chunks.push(chunk)
  return chunks
}

async function* replay(chunks: readonly SnapshotChunk[]): AsyncIterable<SnapshotChunk> {
  yield* chunks
}

describe('deterministic apply', () => {
  it('two fresh stores applying the same random commands hold identical snapshots; restore reproduces them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArbitrary, { minLength: 1, maxLength: 25 }), async (specs) => {
        const [left, right, restored] = await Promise.all([
          GraphDatabase.open({ memory: true }),
          GraphDatabase.open({ memory: true }),
          GraphDatabase.open({ memory: true }),
        ])
        try {
          const leftOutcomes = await applyAll(left, specs)
          const rightOutcomes = await applyAll(right, specs)
          assert.deepEqual(leftOutcomes, rightOutcomes)
          const snapshot = await snapshotOf(left)
          assert.deepEqual(await snapshotOf(right), snapshot)
          await restored.restore(replay(snapshot))
          assert.deepEqual(await snapshotOf(restored), snapshot)
        } finally {
          await Promise.all([left.close(), right.close(), restored.close()])
        }
      }),
      { numRuns: 30 },
    )
  })

  it('a store that prepares commands ahead, sometimes another than the one applied, ends as one that does not', async () => {
    const stepArbitrary = fc.record({ displaced: fc.option(commandArbitrary, { freq: 3, nil: null }), withNext: fc.boolean() })
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(commandArbitrary, stepArbitrary), { minLength: 1, maxLength: 25 }), async (steps) => {
        const [plain, prepared] = await Promise.all([GraphDatabase.open({ memory: true }), GraphDatabase.open({ memory: true })])
        try {
          const specs = steps.map(([spec]) => spec)
          assert.deepEqual(await applyPrepared(prepared, specs, steps.map(([, step]) => step)), await applyAll(plain, specs))
          assert.deepEqual(await snapshotOf(prepared), await snapshotOf(plain))
        } finally {
          await Promise.all([plain.close(), prepared.close()])
        }
      }),
      { numRuns: 30 },
    )
  })
})
