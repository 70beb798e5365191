import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import type { GraphReader, GraphStore, GraphWriter } from '../../../../src/graph/store/graph-store.js'
import { openMemoryGraphStore } from '../../../../src/graph/store/level-graph-store.js'
import type { PropertyMap } from '../../../../src/graph/values.js'
import { collect, context, replay, snapshotChunks, storeContents } from './fixtures.js'

const LABELS = ['A', 'B', 'C']
const label = fc.constantFrom(...LABELS)
const value = fc.oneof(
  fc.bigInt({ min: -3n, max: 3n }),
  fc.constantFrom(1.0, 2.5, -0, Number.NaN),
  fc.constantFrom('x', 'y', ''),
  fc.boolean(),
  fc.constant(null),
)
const properties = fc.dictionary(fc.constantFrom('k', 'v', 'w'), value, { maxKeys: 3 }) as fc.Arbitrary<PropertyMap>
const pick = fc.nat({ max: 50 })

type Op =
  | { op: 'createNode'; labels: string[]; properties: PropertyMap }
  | { op: 'createRelationship'; type: string; start: number; end: number; properties: PropertyMap }
  | { op: 'setNodeProperties'; node: number; properties: PropertyMap }
  | { op: 'setNodeLabels'; node: number; labels: string[] }
  | { op: 'setRelationshipProperties'; relationship: number; properties: PropertyMap }
  | { op: 'deleteRelationship'; relationship: number }
  | { op: 'detachDeleteNode'; node: number }
  | { op: 'deleteNode'; node: number }
  | { op: 'createIndex'; label: string; property: string }
  | { op: 'createConstraint'; label: string; property: string }
  | { op: 'dropIndex'; label: string; property: string }
  | { op: 'dropConstraint'; label: string; property: string }

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('createNode' as const), labels: fc.array(label, { maxLength: 2 }), properties }) },
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('createRelationship' as const), type: fc.constantFrom('R', 'S'), start: pick, end: pick, properties }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('setNodeProperties' as const), node: pick, properties }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('setNodeLabels' as const), node: pick, labels: fc.array(label, { maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('setRelationshipProperties' as const), relationship: pick, properties }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteRelationship' as const), relationship: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('detachDeleteNode' as const), node: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteNode' as const), node: pick }) },
  ...(['createIndex', 'createConstraint', 'dropIndex', 'dropConstraint'] as const).map((name) => ({
    weight: 1,
    arbitrary: fc.record({ op: fc.constant(name), label, property: fc.constantFrom('k', 'v') }),
  })),
)

/** Picks an existing element deterministically (the same on every store that applied the same commands). */
async function existing(ids: AsyncIterable<{ id: number }>, choice: number): Promise<number | undefined> {
  const all = (await collect(ids)).map((element) => element.id)
  return all.length === 0 ? undefined : all[choice % all.length]
}

async function apply(w: GraphWriter, step: Op): Promise<void> {
  const schemaName = `${'label' in step ? step.label : ''}_${'property' in step ? step.property : ''}`
  switch (step.op) {
    case 'createNode':
      return void (await w.createNode(step.labels, step.properties))
    case 'createRelationship': {
      const start = await existing(w.nodes(), step.start)
      const end = await existing(w.nodes(), step.end)
      if (start !== undefined && end !== undefined) await w.createRelationship(step.type, start, end, step.properties)
      return
    }
    case 'setNodeProperties': {
      const node = await existing(w.nodes(), step.node)
      if (node !== undefined) await w.setNodeProperties(node, step.properties)
      return
    }
    case 'setNodeLabels': {
      const node = await existing(w.nodes(), step.node)
      if (node !== undefined) await w.setNodeLabels(node, step.labels)
      return
    }
    case 'setRelationshipProperties': {
      const relationship = await existing(w.relationships(), step.relationship)
      if (relationship !== undefined) await w.setRelationshipProperties(relationship, step.properties)
      return
    }
    case 'deleteRelationship': {
      const relationship = await existing(w.relationships(), step.relationship)
      if (relationship !== undefined) await w.deleteRelationship(relationship)
      return
    }
    case 'detachDeleteNode':
    case 'deleteNode': {
      const node = await existing(w.nodes(), step.node)
      if (node === undefined) return
      if (step.op === 'detachDeleteNode') for (const r of await collect(w.relationshipsOf(node, 'both'))) await w.deleteRelationship(r.id)
      await w.deleteNode(node)
      return
    }
    case 'createIndex':
      return void (await w.createIndex({ name: `i_${schemaName}`, label: step.label, property: step.property }, true))
    case 'createConstraint':
      return void (await w.createConstraint({ name: `c_${schemaName}`, label: step.label, property: step.property, kind: 'unique' }, true))
    case 'dropIndex':
      return void (await w.dropIndex(`i_${schemaName}`, true))
    case 'dropConstraint':
      return void (await w.dropConstraint(`c_${schemaName}`, true))
  }
}

/** Applies each command to the store; a command that throws (a broken constraint) leaves nothing. */
async function applyAll(store: GraphStore, commands: readonly Op[][]): Promise<string[]> {
  const outcomes: string[] = []
  for (const [i, command] of commands.entries()) {
    try {
      await store.write(context(i + 1), async (w) => {
        for (const step of command) await apply(w, step)
      })
      outcomes.push('ok')
    } catch (error) {
      outcomes.push((error as { code?: string }).code ?? String(error))
    }
  }
  return outcomes
}

/** The label index, the property indexes and the counters agree with the records. */
async function assertConsistent(r: GraphReader): Promise<void> {
  const nodes = await collect(r.nodes())
  const relationships = await collect(r.relationships())
  assert.deepEqual(await r.counts(), { nodes: nodes.length, relationships: relationships.length })
  for (const name of LABELS) {
    const byLabel = (await collect(r.nodesByLabel(name))).map((n) => n.id)
    assert.deepEqual(byLabel, nodes.filter((n) => n.labels.includes(name)).map((n) => n.id))
  }
  for (const index of r.indexes()) {
    for (const probe of [0n, 1n, 'x', true]) {
      const hits = (await collect(r.nodesByIndex(index.label, index.property, { kind: 'equals', value: probe }))).map((n) => n.id)
      const expected = nodes.filter((n) => n.labels.includes(index.label) && sameValue(n.properties[index.property], probe)).map((n) => n.id)
      assert.deepEqual(hits, expected, `index ${index.name} = ${String(probe)}`)
    }
  }
  for (const relationship of relationships) {
    const out = (await collect(r.relationshipsOf(relationship.startId, 'out', [relationship.type]))).map((x) => x.id)
    assert.ok(out.includes(relationship.id))
  }
}

function sameValue(stored: unknown, probe: unknown): boolean {
  if ((typeof stored === 'bigint' || typeof stored === 'number') && typeof probe === 'bigint') return Number(stored) === Number(probe)
  return stored === probe
}

describe('graph store: same commands, same bytes', () => {
  it('two stores applying the same random commands hold identical keys and values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }), async (commands) => {
        const [a, b, restored] = await Promise.all([openMemoryGraphStore(), openMemoryGraphStore(), openMemoryGraphStore()])
        try {
          const outcomesA = await applyAll(a, commands)
          const outcomesB = await applyAll(b, commands)
          assert.deepEqual(outcomesA, outcomesB)
          const contents = await storeContents(a)
          assert.deepEqual(await storeContents(b), contents)
          await a.read(assertConsistent)
          await restored.restore(replay(await snapshotChunks(a)))
          assert.deepEqual(await storeContents(restored), contents)
        } finally {
          await Promise.all([a.close(), b.close(), restored.close()])
        }
      }),
      { numRuns: 60 },
    )
  })
})
