import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decodeStatements, decodeWriteRequest, encodeStatements, encodeWriteRequest } from '../../../src/cluster/value-codec.js'
import type { ExpectedRun, Statement, WriteRequest } from '../../../src/graph/command.js'

const expected: ExpectedRun = {
  timestamp: 1_700_000_000_123,
  seed: 987_654_321,
  nodeIds: [[40, '4:nornic:40'], [41, '4:nornic:41']],
  relationshipIds: [[7, '5:nornic:7']],
  digests: ['3f2a', 'b10c'],
}

/** What travels between nodes: the encoded request as JSON text, read back. */
function throughJson(request: WriteRequest): WriteRequest {
  return decodeWriteRequest(JSON.parse(JSON.stringify(encodeWriteRequest(request))))
}

describe('the replication value codec', () => {
  it('round-trips parameters through JSON with exact integers and floats that stay floats', () => {
    const statements: Statement[] = [{
      statement: 'CREATE (:T {a: $a})',
      parameters: {
        big: 2n ** 63n - 1n, small: -(2n ** 63n), float: 1, negativeZero: -0, nan: Number.NaN, inf: Number.NEGATIVE_INFINITY,
        text: 'x', flag: true, none: null, list: [1n, 2.5, ['nested']], map: { inner: { deeper: 3n } },
      },
    }]
    const decoded = decodeStatements(JSON.parse(JSON.stringify(encodeStatements(statements))))
    assert.deepEqual(decoded, statements)
    const parameters = decoded[0]!.parameters
    assert.equal(typeof parameters.float, 'number')
    assert.ok(Object.is(parameters.negativeZero, -0))
  })

  it('refuses a value of a kind it does not know', () => {
    class Unknown {}
    assert.throws(() => encodeStatements([{ statement: 'RETURN $x', parameters: { x: new Unknown() as never } }]), /unknown kind/)
  })
})

describe('the write request codec', () => {
  const statements: Statement[] = [{ statement: 'CREATE (:T {n: $n})', parameters: { n: 2n ** 62n } }]

  it('carries a request that ran ahead with its expected run unchanged', () => {
    const request: WriteRequest = { statements, expected }
    assert.deepEqual(throughJson(request), request)
  })

  it('carries an id reservation, which has no statements', () => {
    const request: WriteRequest = { statements: [], reserveIds: { nodes: 1000, relationships: 500 } }
    assert.deepEqual(throughJson(request), request)
  })

  it('leaves absent fields out: a request of statements only encodes as requests did before the optional fields', () => {
    const encoded = encodeWriteRequest({ statements })
    assert.deepEqual(Object.keys(encoded), ['statements'])
    assert.equal(JSON.stringify(encoded), JSON.stringify({ statements: encodeStatements(statements) }))
    const decoded = throughJson({ statements })
    assert.deepEqual(Object.keys(decoded), ['statements'])
    assert.deepEqual(decoded, { statements })
  })

  it('an explicitly undefined field is left out as well', () => {
    const encoded = encodeWriteRequest({ statements, expected: undefined, reserveIds: undefined } as WriteRequest)
    assert.deepEqual(Object.keys(encoded), ['statements'])
  })

  it('decodes a body written before the optional fields: statements only', () => {
    const old = JSON.parse('{"statements":[{"q":"CREATE (:T {n: $n})","p":{"n":{"i":"4611686018427387904"}}}]}')
    assert.deepEqual(decodeWriteRequest(old), { statements })
  })

  it('reads only the request\'s fields from a larger record such as a WAL entry', () => {
    const entry = { index: 9, epoch: 2, timestamp: 5, ...encodeWriteRequest({ statements, expected }) }
    assert.deepEqual(decodeWriteRequest(entry), { statements, expected })
  })
})
