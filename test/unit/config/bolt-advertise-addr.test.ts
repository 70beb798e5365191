import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { resolveSettings } from '../../../src/config/index.js'

// Issue 9: each node knows the Bolt address the routing tables name it by.
describe('NORNICDB_BOLT_ADVERTISE_ADDR', () => {
  const boltAdvertiseAddr = (env: Record<string, string>, flags: Record<string, unknown> = {}) => resolveSettings({ flags, env }).settings.boltAdvertiseAddr

  it('defaults to the cluster advertise host with the Bolt port in a cluster mode', () => {
    assert.deepEqual(boltAdvertiseAddr({ NORNICDB_CLUSTER_MODE: 'raft', NORNICDB_CLUSTER_ADVERTISE_ADDR: 'node1:7000', NORNICDB_BOLT_PORT: '7688' }), { host: 'node1', port: 7688 })
    assert.deepEqual(boltAdvertiseAddr({ NORNICDB_CLUSTER_MODE: 'raft' }), { host: 'localhost', port: 7687 }, 'the default bind address 0.0.0.0 names no machine')
  })

  it('defaults to the listen host in standalone, localhost for 0.0.0.0', () => {
    assert.deepEqual(boltAdvertiseAddr({ NORNICDB_LISTEN_HOST: '10.0.0.5', NORNICDB_CLUSTER_ADVERTISE_ADDR: 'node1:7000' }), { host: '10.0.0.5', port: 7687 })
    assert.deepEqual(boltAdvertiseAddr({}), { host: 'localhost', port: 7687 })
  })

  it('takes a host:port from the flag or the environment, and refuses anything else', () => {
    assert.deepEqual(boltAdvertiseAddr({ NORNICDB_BOLT_ADVERTISE_ADDR: 'db.example:17687' }), { host: 'db.example', port: 17687 })
    assert.deepEqual(boltAdvertiseAddr({ NORNICDB_BOLT_ADVERTISE_ADDR: 'db.example:17687' }, { boltAdvertiseAddr: 'other:1' }), { host: 'other', port: 1 })
    assert.throws(() => boltAdvertiseAddr({ NORNICDB_BOLT_ADVERTISE_ADDR: 'no-port' }), /NORNICDB_BOLT_ADVERTISE_ADDR/)
  })
})
