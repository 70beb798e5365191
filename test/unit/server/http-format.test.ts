import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { emptyStats } from '../../../src/graph/command.js'
import { NodeValue, PathValue, RelationshipValue } from '../../../src/graph/values.js'
import { checkBasicAuth } from '../../../src/server/http/auth.js'
import { parseJsonExact, stringifyJsonExact } from '../../../src/server/http/json-codec.js'
import { neo4jResult } from '../../../src/server/http/neo4j-format.js'
import { readTransactionRequest } from '../../../src/server/http/transaction-request.js'
import { isNornicError } from '../../../src/errors/index.js'

const basic = (text: string): string => `Basic ${Buffer.from(text).toString('base64')}`

describe('HTTP JSON with exact integers', () => {
  it('reads integer literals as bigint and the rest as floats', () => {
    assert.deepEqual(parseJsonExact('{"a": 9223372036854775807, "b": 1.0, "c": 2e3, "d": -1}'), { a: 9223372036854775807n, b: 1, c: 2000, d: -1n })
  })

  it('writes bigints as digits and floats with a fraction', () => {
    const result = { columns: ['i', 'f', 'g', 'nan'], rows: [[2n ** 63n - 1n, 1, 2.5, Number.NaN]], stats: emptyStats() }
    assert.equal(stringifyJsonExact(neo4jResult(result, false)), '{"columns":["i","f","g","nan"],"data":[{"row":[9223372036854775807,1.0,2.5,"NaN"],"meta":[null,null,null,null]}]}')
  })
})

describe('Neo4j row and meta shapes', () => {
  const a = new NodeValue(1, '1:0', ['A'], { name: 'a' })
  const b = new NodeValue(2, '1:1', ['B'], {})
  const r = new RelationshipValue(3, '1:2', 'T', 1, 2, { w: 1n }, '1:0', '1:1')

  it('a node is its properties in the row and node meta beside it', () => {
    const out = neo4jResult({ columns: ['n'], rows: [[a]], stats: emptyStats() }, false) as { data: { row: unknown[]; meta: unknown[] }[] }
    assert.deepEqual(out.data[0]?.row, [{ name: 'a' }])
    assert.deepEqual(out.data[0]?.meta, [{ id: 1, elementId: '1:0', type: 'node', deleted: false }])
  })

  it('a path alternates nodes and relationships', () => {
    const out = neo4jResult({ columns: ['p'], rows: [[new PathValue([a, b], [r])]], stats: emptyStats() }, false) as { data: { row: unknown[]; meta: unknown[][] }[] }
    assert.deepEqual(out.data[0]?.row, [[{ name: 'a' }, { w: 1n }, {}]])
    assert.deepEqual(out.data[0]?.meta[0]?.map((meta) => (meta as { type: string }).type), ['node', 'relationship', 'node'])
  })

  it('stats use the Neo4j names', () => {
    const stats = { ...emptyStats(), nodesCreated: 2 }
    const out = neo4jResult({ columns: [], rows: [], stats }, true) as { stats: Record<string, unknown> }
    assert.equal(out.stats.nodes_created, 2)
    assert.equal(out.stats.contains_updates, true)
  })
})

describe('transaction request bodies', () => {
  it('reads statements, parameters and includeStats', () => {
    const request = readTransactionRequest({ statements: [{ statement: 'RETURN $x', parameters: { x: 1n }, includeStats: true }] })
    assert.deepEqual(request, { statements: [{ statement: 'RETURN $x', parameters: { x: 1n } }], includeStats: true })
  })

  it('refuses other shapes with InvalidFormat', () => {
    for (const body of [[], 'RETURN 1', { statements: {} }, { statements: [{}] }, { statements: [{ statement: 1 }] }, { statements: [{ statement: 'x', parameters: [] }] }]) {
      assert.throws(() => readTransactionRequest(body), (error) => isNornicError(error) && error.code === 'Neo.ClientError.Request.InvalidFormat', JSON.stringify(body))
    }
  })
})

describe('basic authentication', () => {
  const expected = { user: 'admin', password: 'admin' }

  it('accepts the right credentials, and anything when authentication is off', () => {
    checkBasicAuth(basic('admin:admin'), expected)
    checkBasicAuth(undefined, null)
  })

  it('refuses missing, wrong and malformed credentials', () => {
    for (const header of [undefined, basic('admin:nope'), basic('admin'), 'Bearer x', basic('Admin:admin')]) {
      assert.throws(() => checkBasicAuth(header, expected), (error) => isNornicError(error) && error.code === 'Neo.ClientError.Security.Unauthorized', String(header))
    }
  })
})
