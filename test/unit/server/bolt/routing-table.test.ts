import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatBookmark, highestBookmarkIndex } from '../../../../src/server/bolt/bookmarks.js'
import { routingTableFor, routingTableMetadata } from '../../../../src/server/bolt/routing-table.js'

describe('ROUTE answers and bookmarks', () => {
  it('a node that takes writes is writer, reader and router', () => {
    const table = routingTableFor({ isLeader: true }, 'db1:7687')
    assert.deepEqual(routingTableMetadata(table, 'neo4j'), {
      rt: { ttl: 300n, db: 'neo4j', servers: ['WRITE', 'READ', 'ROUTE'].map((role) => ({ addresses: ['db1:7687'], role })) },
    })
  })

  it('a node that does not take writes names no writer, so routing drivers send it none', () => {
    const table = routingTableFor({ isLeader: false }, 'db2:7687')
    assert.deepEqual(table.writers, [])
    assert.deepEqual((routingTableMetadata(table, 'neo4j').rt as { servers: { role: string }[] }).servers.map((s) => s.role), ['READ', 'ROUTE'])
  })

  it('bookmarks are applied indexes; the highest of several counts', () => {
    assert.equal(formatBookmark(42), 'nornic:42')
    assert.equal(highestBookmarkIndex(['nornic:3', 'nornic:42', 'nornic:7']), 42)
    assert.equal(highestBookmarkIndex([]), 0)
    assert.equal(highestBookmarkIndex(undefined), 0)
    for (const bad of [['nornic:'], ['nornic:-1'], ['FB:kcwQ'], [7n], 'nornic:1']) {
      assert.throws(() => highestBookmarkIndex(bad), { code: 'Neo.ClientError.Transaction.InvalidBookmark' }, JSON.stringify(bad, (_k, v) => (typeof v === 'bigint' ? String(v) : v)))
    }
  })
})
