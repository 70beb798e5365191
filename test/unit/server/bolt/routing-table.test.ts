import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatBookmark, highestBookmarkIndex } from '../../../../src/server/bolt/bookmarks.js'
import { routingTableFor, routingTableMetadata } from '../../../../src/server/bolt/routing-table.js'

describe('ROUTE answers and bookmarks', () => {
  it('a node that takes writes is writer, reader and router', () => {
    const table = routingTableFor({ isLeader: true }, 'db1:7687')
    assert.deepEqual(routingTableMetadata(table, 'neo4j'), {
      rt: { ttl: 10n, db: 'neo4j', servers: ['WRITE', 'READ', 'ROUTE'].map((role) => ({ addresses: ['db1:7687'], role })) },
    })
  })

  it('a node that does not take writes names no writer, so routing drivers send it none', () => {
    const table = routingTableFor({ isLeader: false }, 'db2:7687')
    assert.deepEqual(table.writers, [])
    assert.deepEqual((routingTableMetadata(table, 'neo4j').rt as { servers: { role: string }[] }).servers.map((s) => s.role), ['READ', 'ROUTE'])
  })

  // Issue 9, "Cluster-aware": WRITE the leader or primary, READ the followers or standby plus a lone
  // leader, ROUTE every member.
  const peer = (id: string, boltAddress: string | undefined, healthy = true) => ({ id, address: `${id}:7000`, healthy, ...(boltAddress === undefined ? {} : { boltAddress }) })

  it('on a raft leader: WRITE is the leader, READ the followers that are up, ROUTE every member', () => {
    const table = routingTableFor({ isLeader: true, peers: [peer('n2', 'db2:7687'), peer('n3', 'db3:7687', false)] }, 'db1:7687')
    assert.deepEqual(table, { ttlSeconds: 10, writers: ['db1:7687'], readers: ['db2:7687'], routers: ['db1:7687', 'db2:7687', 'db3:7687'] })
  })

  it('on a follower or standby: WRITE is the member the status names as leader or primary', () => {
    const table = routingTableFor({ isLeader: false, primary: { id: 'n1' }, peers: [peer('n1', 'db1:7687'), peer('n3', 'db3:7687')] }, 'db2:7687')
    assert.deepEqual(table, { ttlSeconds: 10, writers: ['db1:7687'], readers: ['db2:7687', 'db3:7687'], routers: ['db2:7687', 'db1:7687', 'db3:7687'] })
  })

  it('a leader whose followers are all down also reads', () => {
    assert.deepEqual(routingTableFor({ isLeader: true, peers: [peer('n2', 'db2:7687', false)] }, 'db1:7687').readers, ['db1:7687'])
  })

  it('no known leader, or a leader whose Bolt address is not known yet: no writer, so drivers ask again', () => {
    assert.deepEqual(routingTableFor({ isLeader: false, peers: [peer('n1', 'db1:7687')] }, 'db2:7687').writers, [])
    const unannounced = routingTableFor({ isLeader: false, primary: { id: 'n1' }, peers: [peer('n1', undefined)] }, 'db2:7687')
    assert.deepEqual(unannounced, { ttlSeconds: 10, writers: [], readers: ['db2:7687'], routers: ['db2:7687'] })
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
