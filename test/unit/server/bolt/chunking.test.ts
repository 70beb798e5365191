import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { appendChunked, ChunkingError, CHUNK_SIZE_MAX, MessageDechunker } from '../../../../src/server/bolt/chunking.js'

function chunked(...messages: Buffer[]): Buffer {
  const out: Buffer[] = []
  for (const message of messages) appendChunked(out, message)
  return Buffer.concat(out)
}

describe('Bolt message chunking (Bolt spec, message transfer encoding)', () => {
  it('frames a message as sized chunks and an end marker', () => {
    assert.equal(chunked(Buffer.from([1, 2, 3])).toString('hex'), '00030102030000')
  })

  it('splits a message longer than one chunk and joins it again', () => {
    const message = Buffer.alloc(CHUNK_SIZE_MAX * 2 + 10, 7)
    const bytes = chunked(message)
    assert.equal(bytes.readUInt16BE(0), CHUNK_SIZE_MAX)
    assert.equal(bytes.length, message.length + 3 * 2 + 2)
    assert.deepEqual(new MessageDechunker(1024 ** 2).push(bytes), [message])
  })

  it('hands out the same messages however the bytes are split on the way', () => {
    fc.assert(fc.property(
      fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 8 }),
      fc.array(fc.nat(), { maxLength: 10 }),
      (messages, cuts) => {
        const bytes = chunked(...messages.map((m) => Buffer.from(m)))
        const points = [...new Set(cuts.map((c) => c % bytes.length))].sort((a, b) => a - b)
        const dechunker = new MessageDechunker(1024)
        const got: Buffer[] = []
        let from = 0
        for (const point of [...points, bytes.length]) {
          got.push(...dechunker.push(bytes.subarray(from, point)))
          from = point
        }
        assert.deepEqual(got.map((m) => m.toString('hex')), messages.map((m) => Buffer.from(m).toString('hex')))
      },
    ), { numRuns: 300 })
  })

  it('skips keep-alive empty chunks between messages', () => {
    const bytes = Buffer.concat([Buffer.from('00000000', 'hex'), chunked(Buffer.from([9])), Buffer.from('0000', 'hex')])
    assert.deepEqual(new MessageDechunker(1024).push(bytes), [Buffer.from([9])])
  })

  it('refuses a message over the limit before buffering all of it', () => {
    const dechunker = new MessageDechunker(100)
    assert.deepEqual(dechunker.push(Buffer.from('0050' + '00'.repeat(0x50), 'hex')), [])
    assert.throws(() => dechunker.push(Buffer.from('0050' + '00'.repeat(0x50), 'hex')), ChunkingError)
  })

  it('waits for the rest of a chunk that arrived in part', () => {
    const dechunker = new MessageDechunker(1024)
    assert.deepEqual(dechunker.push(Buffer.from('00', 'hex')), [])
    assert.deepEqual(dechunker.push(Buffer.from('0201', 'hex')), [])
    assert.deepEqual(dechunker.push(Buffer.from('020000', 'hex')), [Buffer.from([1, 2])])
  })
})
