import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decodeStatements, encodeStatements } from '../../../src/cluster/value-codec.js'
import type { Statement } from '../../../src/graph/command.js'

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
