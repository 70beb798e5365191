import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { GraphStore, GraphReader, PropertyPredicate } from '../../../../src/graph/store/graph-store.js'
import { openMemoryGraphStore } from '../../../../src/graph/store/level-graph-store.js'
import type { PropertyValue } from '../../../../src/graph/values.js'
import { collect, context, storeContents } from './fixtures.js'

const VALUES: PropertyValue[] = [3n, 1.5, 'b', 2n ** 53n + 1n, -1n, 'a', true, 2.0, 2n, [1n, 2n], 'ab', -0.5, 2n ** 53n]

async function idsOf(reader: GraphReader, predicate: PropertyPredicate): Promise<number[]> {
  return (await collect(reader.nodesByIndex('P', 'v', predicate))).map((n) => n.id)
}

describe('graph store: property indexes', () => {
  let store: GraphStore
  let next = 1
  const write = (fn: Parameters<GraphStore['write']>[1]): ReturnType<GraphStore['write']> => store.write(context(next++), fn)

  beforeEach(async () => {
    next = 1
    store = await openMemoryGraphStore()
    await write(async (w) => {
      for (const v of VALUES) await w.createNode(['P'], { v }) // ids 0..12
      await w.createNode(['P'], {}) // 13: no value, not indexed
      await w.createNode(['Q'], { v: 3n }) // 14: other label
    })
  })
  afterEach(async () => {
    await store.close()
  })

  it('has no index until one is created', async () => {
    await store.read(async (r) => assert.equal(r.nodesByIndex('P', 'v', { kind: 'equals', value: 3n }), undefined))
  })

  it('indexes existing nodes and answers equality, integers and floats alike', async () => {
    assert.deepEqual(await write((w) => w.createIndex({ name: 'p_v', label: 'P', property: 'v' }, false)), { skipped: false, value: true })
    await store.read(async (r) => {
      assert.deepEqual(r.indexes(), [{ name: 'p_v', label: 'P', property: 'v' }])
      assert.deepEqual(await idsOf(r, { kind: 'equals', value: 3n }), [0])
      assert.deepEqual(await idsOf(r, { kind: 'equals', value: 2n }), [7, 8])
      assert.deepEqual(await idsOf(r, { kind: 'equals', value: 2.0 }), [7, 8])
      assert.deepEqual(await idsOf(r, { kind: 'equals', value: 2n ** 53n + 1n }), [3])
      assert.deepEqual(await idsOf(r, { kind: 'equals', value: 'a' }), [5])
      assert.deepEqual(await idsOf(r, { kind: 'equals', value: [1n, 2.0] }), [9])
      assert.deepEqual(await idsOf(r, { kind: 'equals', value: true }), [6])
      assert.deepEqual(await idsOf(r, { kind: 'equals', value: null }), [])
    })
  })

  it('answers ranges within one type, in id order', async () => {
    await write((w) => w.createIndex({ name: 'p_v', label: 'P', property: 'v' }, false))
    await store.read(async (r) => {
      const numbers = await idsOf(r, { kind: 'range', lower: { value: -0.5, inclusive: false }, upper: { value: 3n, inclusive: false } })
      assert.deepEqual(numbers, [1, 7, 8]) // 1.5, 2.0, 2
      const big = await idsOf(r, { kind: 'range', lower: { value: 2n ** 53n, inclusive: false } })
      assert.deepEqual(big, [3])
      const allNumbers = await idsOf(r, { kind: 'range', lower: { value: -Infinity, inclusive: true } })
      assert.deepEqual(allNumbers, [0, 1, 3, 4, 7, 8, 11, 12])
      const strings = await idsOf(r, { kind: 'range', lower: { value: 'a', inclusive: true }, upper: { value: 'b', inclusive: false } })
      assert.deepEqual(strings, [5, 10])
      assert.deepEqual(await idsOf(r, { kind: 'range', lower: { value: 1n, inclusive: true }, upper: { value: 'z', inclusive: true } }), [])
    })
  })

  it('is kept up to date by creates, property and label changes and deletes', async () => {
    await write((w) => w.createIndex({ name: 'p_v', label: 'P', property: 'v' }, false))
    await write(async (w) => {
      await w.setNodeProperties(0, { v: 100n })
      await w.setNodeLabels(14, ['Q', 'P'])
      await w.setNodeLabels(5, ['Q'])
      await w.deleteNode(2)
      await w.createNode(['P', 'R'], { v: 'b' })
    })
    await store.read(async (r) => {
      assert.deepEqual(await idsOf(r, { kind: 'equals', value: 3n }), [14])
      assert.deepEqual(await idsOf(r, { kind: 'equals', value: 100n }), [0])
      assert.deepEqual(await idsOf(r, { kind: 'equals', value: 'a' }), [])
      assert.deepEqual(await idsOf(r, { kind: 'equals', value: 'b' }), [15])
    })
  })

  it('refuses a second index by name or on the same label and property, unless IF NOT EXISTS', async () => {
    await write((w) => w.createIndex({ name: 'p_v', label: 'P', property: 'v' }, false))
    await assert.rejects(write((w) => w.createIndex({ name: 'p_v', label: 'X', property: 'y' }, false)), { code: 'Neo.ClientError.Schema.IndexAlreadyExists' })
    await assert.rejects(write((w) => w.createIndex({ name: 'other', label: 'P', property: 'v' }, false)), { code: 'Neo.ClientError.Schema.IndexAlreadyExists' })
    assert.deepEqual(await write((w) => w.createIndex({ name: 'p_v', label: 'P', property: 'v' }, true)), { skipped: false, value: false })
  })

  it('drops an index and its entries', async () => {
    const empty = await storeContents(store)
    await write((w) => w.createIndex({ name: 'p_v', label: 'P', property: 'v' }, false))
    assert.deepEqual(await write((w) => w.dropIndex('p_v', false)), { skipped: false, value: true })
    const withoutMeta = (entries: [string, string][]): [string, string][] => entries.filter(([key]) => key !== 'm:applied')
    assert.deepEqual(withoutMeta(await storeContents(store)), withoutMeta(empty))
    await store.read(async (r) => assert.equal(r.nodesByIndex('P', 'v', { kind: 'equals', value: 3n }), undefined))
    await assert.rejects(write((w) => w.dropIndex('p_v', false)), { code: 'Neo.ClientError.Schema.IndexNotFound' })
    assert.deepEqual(await write((w) => w.dropIndex('p_v', true)), { skipped: false, value: false })
  })
})

describe('graph store: unique constraints', () => {
  let store: GraphStore
  let next = 1
  const write = (fn: Parameters<GraphStore['write']>[1]): ReturnType<GraphStore['write']> => store.write(context(next++), fn)
  const unique = { name: 'person_email', label: 'Person', property: 'email', kind: 'unique' } as const

  beforeEach(async () => {
    next = 1
    store = await openMemoryGraphStore()
    await write(async (w) => {
      await w.createNode(['Person'], { email: 'a@x' })
      await w.createNode(['Person'], { email: 'b@x' })
      await w.createNode(['Robot'], { email: 'a@x' })
    })
  })
  afterEach(async () => {
    await store.close()
  })

  it('is backed by an index that the constraint owns', async () => {
    assert.deepEqual(await write((w) => w.createConstraint(unique, false)), { skipped: false, value: true })
    await store.read(async (r) => {
      assert.deepEqual(r.constraints(), [unique])
      assert.deepEqual(r.indexes(), [{ name: 'person_email', label: 'Person', property: 'email', owningConstraint: 'person_email' }])
      assert.deepEqual((await collect(r.nodesByIndex('Person', 'email', { kind: 'equals', value: 'b@x' }))).map((n) => n.id), [1])
    })
    await assert.rejects(write((w) => w.dropIndex('person_email', false)), { code: 'Neo.ClientError.Statement.SemanticError' })
  })

  it('fails a write that would duplicate a value, storing nothing', async () => {
    await write((w) => w.createConstraint(unique, false))
    const before = await storeContents(store)
    const attempts: Parameters<GraphStore['write']>[1][] = [
      (w) => w.createNode(['Person'], { email: 'a@x' }),
      (w) => w.setNodeProperties(1, { email: 'a@x' }),
      (w) => w.setNodeLabels(2, ['Robot', 'Person']),
    ]
    for (const attempt of attempts) {
      await assert.rejects(write(attempt), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'Neo.ClientError.Schema.ConstraintValidationFailed')
        assert.match(error.message, /already exists with label `Person` and property `email` = 'a@x'/)
        return true
      })
    }
    assert.deepEqual(await storeContents(store), before)
  })

  it('allows values to swap within one write, and a non-member label to repeat a value', async () => {
    await write((w) => w.createConstraint(unique, false))
    await write(async (w) => {
      await w.setNodeProperties(0, { email: 'b@x' })
      await w.setNodeProperties(1, { email: 'a@x' })
      await w.createNode(['Robot'], { email: 'b@x' })
      await w.createNode(['Person'], {})
      await w.createNode(['Person'], {})
    })
    assert.equal(store.appliedIndex, 3)
  })

  it('judges the values the write leaves, not the ones it passed through', async () => {
    await write((w) => w.createConstraint(unique, false))
    await write(async (w) => {
      await w.setNodeProperties(0, { email: 'b@x' })
      await w.deleteNode(0)
      await w.createNode(['Person'], { email: 'a@x' })
    })
    assert.equal(store.appliedIndex, 3)
  })

  it('treats 1 and 1.0 as the same value', async () => {
    await write((w) => w.createConstraint({ name: 'n_id', label: 'N', property: 'id', kind: 'unique' }, false))
    await write((w) => w.createNode(['N'], { id: 1n }))
    await assert.rejects(write((w) => w.createNode(['N'], { id: 1.0 })), { code: 'Neo.ClientError.Schema.ConstraintValidationFailed' })
  })

  it('cannot be created over existing duplicates', async () => {
    await write((w) => w.createNode(['Person'], { email: 'b@x' }))
    await assert.rejects(write((w) => w.createConstraint(unique, false)), { code: 'Neo.ClientError.Schema.ConstraintValidationFailed' })
    await store.read(async (r) => {
      assert.deepEqual(r.constraints(), [])
      assert.deepEqual(r.indexes(), [])
    })
  })

  it('refuses a duplicate constraint unless IF NOT EXISTS, and an index in its way', async () => {
    await write((w) => w.createConstraint(unique, false))
    await assert.rejects(write((w) => w.createConstraint(unique, false)), { code: 'Neo.ClientError.Schema.ConstraintAlreadyExists' })
    await assert.rejects(write((w) => w.createConstraint({ ...unique, name: 'again' }, false)), { code: 'Neo.ClientError.Schema.ConstraintAlreadyExists' })
    assert.deepEqual(await write((w) => w.createConstraint(unique, true)), { skipped: false, value: false })
    await write((w) => w.createIndex({ name: 'robot_email', label: 'Robot', property: 'email' }, false))
    await assert.rejects(
      write((w) => w.createConstraint({ name: 'r', label: 'Robot', property: 'email', kind: 'unique' }, true)),
      { code: 'Neo.ClientError.Schema.IndexAlreadyExists' },
    )
  })

  it('drops with its index, after which duplicates are allowed', async () => {
    await write((w) => w.createConstraint(unique, false))
    assert.deepEqual(await write((w) => w.dropConstraint('person_email', false)), { skipped: false, value: true })
    await store.read(async (r) => {
      assert.deepEqual(r.constraints(), [])
      assert.deepEqual(r.indexes(), [])
    })
    await write((w) => w.createNode(['Person'], { email: 'a@x' }))
    await assert.rejects(write((w) => w.dropConstraint('person_email', false)), { code: 'Neo.ClientError.Schema.ConstraintNotFound' })
    assert.deepEqual(await write((w) => w.dropConstraint('person_email', true)), { skipped: false, value: false })
  })
})
