import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  boolean, byteSize, credentials, duration, hostPort, idAddressList, identifier, integer, oneOf, port, seconds,
} from '../../../src/config/parsers.js'

describe('config parsers', () => {
  it('durations take ms, s, m, h and combinations, within bounds', () => {
    const parser = duration(1, 3_600_000)
    assert.equal(parser.parse('100ms'), 100)
    assert.equal(parser.parse('1s'), 1000)
    assert.equal(parser.parse('1.5s'), 1500)
    assert.equal(parser.parse('1m30s'), 90_000)
    assert.equal(parser.parse('2h'), undefined, 'above the maximum')
    assert.equal(parser.parse('0ms'), undefined, 'below the minimum')
    for (const bad of ['', '100', 'abc', '1 s', '-1s', '1d']) assert.equal(parser.parse(bad), undefined, bad)
    assert.match(parser.allowed, /from 1ms to 1h/)
  })

  it('seconds take the guide\'s bare number or a duration', () => {
    const parser = seconds(1000, 86_400_000)
    assert.equal(parser.parse('300'), 300_000)
    assert.equal(parser.parse(300), 300_000)
    assert.equal(parser.parse('5m'), 300_000)
    assert.equal(parser.parse('0'), undefined)
  })

  it('booleans take true/false and common spellings, and TOML booleans', () => {
    for (const yes of ['true', 'TRUE', '1', 'yes', 'on', true]) assert.equal(boolean.parse(yes), true)
    for (const no of ['false', 'False', '0', 'no', 'off', false]) assert.equal(boolean.parse(no), false)
    assert.equal(boolean.parse('maybe'), undefined)
  })

  it('ports are whole numbers from 1 to 65535', () => {
    assert.equal(port.parse('7474'), 7474)
    assert.equal(port.parse(7000), 7000)
    for (const bad of ['0', '65536', '7.5', 'http', '-1', '']) assert.equal(port.parse(bad), undefined, bad)
  })

  it('integers are bounded whole numbers', () => {
    assert.equal(integer(1, 10).parse('10'), 10)
    assert.equal(integer(1, 10).parse('11'), undefined)
    assert.equal(integer(1, 10).parse('1e1'), undefined)
  })

  it('sizes take byte units', () => {
    const parser = byteSize(1024, 1024 ** 3)
    assert.equal(parser.parse('64MiB'), 64 * 1024 ** 2)
    assert.equal(parser.parse('512kib'), 512 * 1024)
    assert.equal(parser.parse('2048'), 2048)
    assert.equal(parser.parse('2TiB'), undefined)
    assert.equal(parser.parse('1'), undefined)
  })

  it('host:port pairs need both parts', () => {
    assert.deepEqual(hostPort.parse('0.0.0.0:7000'), { host: '0.0.0.0', port: 7000 })
    assert.deepEqual(hostPort.parse('node1:7688'), { host: 'node1', port: 7688 })
    assert.deepEqual(hostPort.parse('[::1]:7000'), { host: '[::1]', port: 7000 })
    for (const bad of ['node1', ':7000', 'node1:', 'node1:http', 'no de:1']) assert.equal(hostPort.parse(bad), undefined, bad)
  })

  it('peer lists are id:host:port with unique ids', () => {
    const peers = idAddressList('node')
    assert.deepEqual(peers.parse('node-2:node2:7688,node-3:node3:7688'), [
      { id: 'node-2', host: 'node2', port: 7688 },
      { id: 'node-3', host: 'node3', port: 7688 },
    ])
    assert.deepEqual(peers.parse(''), [])
    assert.deepEqual(peers.parse(['node-2:127.0.0.1:9001']), [{ id: 'node-2', host: '127.0.0.1', port: 9001 }], 'a TOML array')
    assert.equal(peers.parse('node-2:node2:7688,node-2:node3:7688'), undefined, 'duplicate id')
    assert.equal(peers.parse('node2:7688'), undefined, 'no id')
    assert.match(peers.allowed, /node-id:host:port/)
  })

  it('enums accept their choices, case-insensitively, and name them', () => {
    const parser = oneOf(['async', 'semi_sync'] as const)
    assert.equal(parser.parse('ASYNC'), 'async')
    assert.equal(parser.parse('fast'), undefined)
    assert.equal(parser.allowed, 'one of async, semi_sync')
  })

  it('identifiers refuse spaces, colons and commas', () => {
    assert.equal(identifier.parse('node-1'), 'node-1')
    for (const bad of ['node 1', 'node:1', 'a,b', '-node', '']) assert.equal(identifier.parse(bad), undefined, bad)
  })

  it('credentials are user:password or none', () => {
    assert.deepEqual(credentials.parse('admin:s3cr:et'), { user: 'admin', password: 's3cr:et' })
    assert.equal(credentials.parse('none'), null)
    for (const bad of ['admin', ':pw', 'admin:']) assert.equal(credentials.parse(bad), undefined, bad)
  })
})
