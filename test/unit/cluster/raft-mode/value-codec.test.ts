import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decodeCommand, encodeCommand } from '../../../../src/cluster/raft-mode/raft-command.js'
import { decodeResults, encodeResults } from '../../../../src/cluster/value-codec.js'
import { emptyStats } from '../../../../src/graph/command.js'
import { NodeValue, PathValue, RelationshipValue } from '../../../../src/graph/values.js'

// The issue: "Command payloads must carry parameters with bigints exactly".
describe('raft command and result encoding', () => {
  it('carries a write\'s parameters through JSON text exactly: 64-bit integers, floats that look whole, nested maps', () => {
    const parameters = { big: 2n ** 63n - 1n, negative: -(2n ** 63n), whole: 1, minusZero: -0, list: [1n, 'a', null, true], map: { i: 3n, f: 2.5 } }
    const text = encodeCommand({ kind: 'write', timestamp: 1700000000123, request: { statements: [{ statement: 'CREATE (n {p: $big})', parameters }] } })
    const decoded = decodeCommand(text)
    assert.equal(decoded.kind, 'write')
    if (decoded.kind !== 'write') return
    assert.equal(decoded.timestamp, 1700000000123)
    assert.deepEqual(decoded.request.statements[0]!.parameters, parameters)
    assert.ok(Object.is((decoded.request.statements[0]!.parameters.minusZero as number), -0))
    assert.equal(typeof decoded.request.statements[0]!.parameters.whole, 'number')
  })

  it('carries a write\'s expected run and id reservation unchanged', () => {
    const expected = { timestamp: 1700000000123, seed: 42, nodeIds: [[3, '4:n:3']] as const, relationshipIds: [], digests: ['d0'] }
    const ranAhead = { kind: 'write', timestamp: 1700000000200, request: { statements: [{ statement: 'CREATE (n)', parameters: {} }], expected } } as const
    assert.deepEqual(decodeCommand(encodeCommand(ranAhead)), ranAhead)
    const reservation = { kind: 'write', timestamp: 5, request: { statements: [], reserveIds: { nodes: 100, relationships: 10 } } } as const
    assert.deepEqual(decodeCommand(encodeCommand(reservation)), reservation)
  })

  it('logs a write of statements only exactly as before, and decodes an entry logged before the optional fields', () => {
    const old = '{"kind":"write","timestamp":77,"statements":[{"q":"CREATE (n {v: $v})","p":{"v":{"i":"1"}}}]}'
    const decoded = decodeCommand(old)
    assert.deepEqual(decoded, { kind: 'write', timestamp: 77, request: { statements: [{ statement: 'CREATE (n {v: $v})', parameters: { v: 1n } }] } })
    if (decoded.kind === 'write') assert.deepEqual(Object.keys(decoded.request), ['statements'])
    assert.equal(encodeCommand(decoded), old)
  })

  it('carries member records', () => {
    assert.deepEqual(decodeCommand(encodeCommand({ kind: 'member', id: 'node-4', address: '127.0.0.1:7004' })), { kind: 'member', id: 'node-4', address: '127.0.0.1:7004' })
  })

  it('refuses text that is not a command', () => {
    assert.throws(() => decodeCommand('{"kind":"other"}'), /not a raft command/)
  })

  it('carries results with graph elements back from the leader unchanged', () => {
    const a = new NodeValue(1, 'n1', ['A'], { x: 1n })
    const b = new NodeValue(2, 'n2', ['B'], { y: 'z' })
    const r = new RelationshipValue(7, 'r7', 'T', 1, 2, { w: 0.5 }, 'n1', 'n2')
    const results = [{ columns: ['a', 'r', 'p', 'm'], rows: [[a, r, new PathValue([a, b], [r]), { k: [a] }]], stats: { ...emptyStats(), nodesCreated: 2 } }]
    const decoded = decodeResults(JSON.parse(JSON.stringify(encodeResults(results))))
    assert.deepEqual(decoded, results)
    assert.ok(decoded[0]!.rows[0]![0] instanceof NodeValue)
    assert.ok(decoded[0]!.rows[0]![2] instanceof PathValue)
  })
})
