import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { encodeFrame, readMessage, type Message } from '../../../../src/cluster/transport/frame-codec.js'

const CLUSTER = 'test-cluster'

function payloadOf(fields: Record<string, unknown>): Buffer {
  return Buffer.from(JSON.stringify({ type: 3, id: 9, from: 'node-1', cluster: CLUSTER, body: {}, ...fields }))
}

describe('frame codec (guide: Wire Protocol; DESIGN: every message has an id)', () => {
  it('encodes the type as its guide code and reads the same message back', () => {
    const message: Message = { type: 'AppendEntries', id: 9, from: 'node-1', cluster: CLUSTER, body: { term: 3, entries: ['é', 'ü'] } }
    const frame = encodeFrame(message)
    assert.equal(frame.readUInt32BE(0), frame.length - 4, 'the header counts payload bytes, not characters')
    const payload = frame.subarray(4)
    assert.equal(JSON.parse(payload.toString()).type, 3)
    assert.deepEqual(readMessage(payload, CLUSTER), { ok: true, message })
  })

  it('calls a payload that is not JSON malformed', () => {
    for (const bad of ['', '{', 'not json', '\u0000\u0001', '{"type":1,}']) {
      const result = readMessage(Buffer.from(bad), CLUSTER)
      assert.equal(result.ok ? 'ok' : result.reason, 'malformed', JSON.stringify(bad))
    }
  })

  it('calls JSON that is not the envelope invalid_shape', () => {
    const shapes: Array<Record<string, unknown> | unknown[]> = [
      [1, 2, 3],
      { type: '3' },
      { type: 3.5 },
      { id: 0 },
      { id: -1 },
      { id: 'one' },
      { from: '' },
      { from: 42 },
      { from: 'x'.repeat(257) },
      { cluster: null },
      { body: null },
      { body: [] },
      { body: 'text' },
    ]
    for (const shape of shapes) {
      const payload = Array.isArray(shape) ? Buffer.from(JSON.stringify(shape)) : payloadOf(shape)
      const result = readMessage(payload, CLUSTER)
      assert.equal(result.ok ? 'ok' : result.reason, 'invalid_shape', JSON.stringify(shape))
    }
    assert.equal(readMessage(Buffer.from('null'), CLUSTER).ok, false)
  })

  it('names a foreign cluster before an unknown type, and an unknown type otherwise', () => {
    const foreign = readMessage(payloadOf({ cluster: 'other', type: 99 }), CLUSTER)
    assert.equal(foreign.ok ? 'ok' : foreign.reason, 'wrong_cluster')
    for (const type of [0, 25, 99, -3]) {
      const unknown = readMessage(payloadOf({ type }), CLUSTER)
      assert.equal(unknown.ok ? 'ok' : unknown.reason, 'unknown_type', String(type))
    }
  })

  it('ignores envelope fields it does not know, so a later version may add some', () => {
    const result = readMessage(payloadOf({ trace: 'abc' }), CLUSTER)
    assert.equal(result.ok, true)
  })
})
