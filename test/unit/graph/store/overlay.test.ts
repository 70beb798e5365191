import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MemoryLevel } from 'memory-level'
import { LevelView } from '../../../../src/graph/store/kv-view.js'
import { Overlay } from '../../../../src/graph/store/overlay.js'
import { collect } from './fixtures.js'

async function baseWith(entries: Record<string, string>): Promise<LevelView> {
  const db = new MemoryLevel<string, string>({ storeEncoding: 'buffer' })
  await db.batch(Object.entries(entries).map(([key, value]) => ({ type: 'put' as const, key, value })))
  return new LevelView(db)
}

describe('write overlay', () => {
  it('shows puts and hides deletes in get, getMany and ranges', async () => {
    const base = await baseWith({ a: '1', b: '2', c: '3', e: '5' })
    const overlay = new Overlay()
    overlay.put('b', 'two')
    overlay.del('c')
    overlay.put('d', '4')
    overlay.del('zz')
    const view = overlay.view(base)
    assert.equal(await view.get('b'), 'two')
    assert.equal(await view.get('c'), undefined)
    assert.equal(await view.get('e'), '5')
    assert.deepEqual(await view.getMany(['a', 'c', 'd', 'x']), ['1', undefined, '4', undefined])
    assert.deepEqual(await collect(view.entries({ gte: 'a', lt: 'z' })), [['a', '1'], ['b', 'two'], ['d', '4'], ['e', '5']])
    assert.deepEqual(await collect(view.entries({ gte: 'b', lt: 'e' })), [['b', 'two'], ['d', '4']])
  })

  it('merges in the order level keeps, which puts U+E000 before astral characters', async () => {
    const base = await baseWith({ 'k\ue000': 'bmp', 'k\uffff': 'last bmp' })
    const overlay = new Overlay()
    overlay.put('k\u{1f600}', 'astral')
    overlay.put('k\ud7ff', 'below surrogates')
    const keys = (await collect(overlay.view(base).entries({ gte: 'k', lt: 'l' }))).map(([key]) => key)
    assert.deepEqual(keys, ['k\ud7ff', 'k\ue000', 'k\uffff', 'k\u{1f600}'])
  })

  it('sees changes made ahead of an iteration while it runs', async () => {
    const base = await baseWith({ k1: '1', k3: '3', k5: '5' })
    const overlay = new Overlay()
    const view = overlay.view(base)
    const seen: string[] = []
    for await (const [key] of view.entries({ gte: 'k', lt: 'l' })) {
      seen.push(key)
      if (key === 'k1') {
        overlay.put('k2', '2')
        overlay.del('k3')
        overlay.put('k0', 'behind')
      }
    }
    assert.deepEqual(seen, ['k1', 'k2', 'k5'])
  })

  it('stages one batch of puts and deletes, the last change of a key winning, written only when told', async () => {
    const db = new MemoryLevel<string, string>({ storeEncoding: 'buffer' })
    await db.batch([
      { type: 'put', key: 'a', value: 'old' },
      { type: 'put', key: 'c', value: 'kept' },
    ])
    const overlay = new Overlay()
    overlay.put('a', '1')
    overlay.del('a')
    overlay.put('b', '1')
    overlay.put('b', '2')
    const batch = await overlay.stage(db)
    assert.deepEqual(await db.iterator().all(), [['a', 'old'], ['c', 'kept']], 'a staged batch is not yet written')
    await batch.write({ sync: true })
    assert.deepEqual(await db.iterator().all(), [
      ['b', '2'],
      ['c', 'kept'],
    ])
  })
})
