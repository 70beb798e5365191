import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { FrameDecoder } from '../../../../src/cluster/transport/frame-decoder.js'
import { rawFrame } from './support.js'

function decodeAll(decoder: FrameDecoder, chunks: Buffer[]): { payloads: string[]; oversizedBytes?: number } {
  const payloads: string[] = []
  for (const chunk of chunks) {
    const result = decoder.push(chunk)
    payloads.push(...result.payloads.map((payload) => payload.toString()))
    if (result.oversizedBytes !== undefined) return { payloads, oversizedBytes: result.oversizedBytes }
  }
  return { payloads }
}

function bytewise(buffer: Buffer): Buffer[] {
  return [...buffer].map((byte) => Buffer.from([byte]))
}

describe('FrameDecoder (guide: Wire Protocol, 4-byte big-endian length + payload)', () => {
  it('reassembles a frame split into single bytes, header included', () => {
    const decoder = new FrameDecoder(1024)
    const { payloads } = decodeAll(decoder, bytewise(rawFrame('{"hello":"world"}')))
    assert.deepEqual(payloads, ['{"hello":"world"}'])
    assert.equal(decoder.bufferedBytes, 0)
  })

  it('cuts many frames packed into one chunk, keeping a trailing partial frame for later', () => {
    const decoder = new FrameDecoder(1024)
    const whole = Buffer.concat([rawFrame('one'), rawFrame('two'), rawFrame('three')])
    const first = decoder.push(Buffer.concat([whole, rawFrame('four').subarray(0, 5)]))
    assert.deepEqual(first.payloads.map(String), ['one', 'two', 'three'])
    const second = decoder.push(rawFrame('four').subarray(5))
    assert.deepEqual(second.payloads.map(String), ['four'])
  })

  it('accepts a payload of exactly the limit and refuses one byte more, from the header alone', () => {
    const atLimit = new FrameDecoder(16)
    assert.deepEqual(decodeAll(atLimit, [rawFrame('x'.repeat(16))]).payloads, ['x'.repeat(16)])
    const overLimit = new FrameDecoder(16)
    const header = rawFrame('', 17)
    assert.deepEqual(decodeAll(overLimit, [header]), { payloads: [], oversizedBytes: 17 })
  })

  it('hands out the frames before an oversized one, then takes no more input', () => {
    const decoder = new FrameDecoder(8)
    const result = decoder.push(Buffer.concat([rawFrame('ok'), rawFrame('', 4_000_000_000), rawFrame('late')]))
    assert.deepEqual(result.payloads.map(String), ['ok'])
    assert.equal(result.oversizedBytes, 4_000_000_000)
    assert.deepEqual(decoder.push(rawFrame('after')).payloads, [])
    assert.equal(decoder.bufferedBytes, 0)
  })

  it('hands out an empty payload for a zero-length frame (the reader then calls it malformed)', () => {
    assert.deepEqual(decodeAll(new FrameDecoder(8), [rawFrame('')]).payloads, [''])
  })

  it('refuses a limit the 4-byte header cannot express', () => {
    assert.throws(() => new FrameDecoder(0), RangeError)
    assert.throws(() => new FrameDecoder(2 ** 32), RangeError)
  })

  it('yields the same payloads however the stream is cut (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 50 }),
        (payloads, cuts) => {
          const stream = Buffer.concat(payloads.map((payload) => rawFrame(Buffer.from(payload))))
          const chunks: Buffer[] = []
          let offset = 0
          for (let index = 0; offset < stream.length; index += 1) {
            const size = cuts[index % cuts.length] as number
            chunks.push(stream.subarray(offset, offset + size))
            offset += size
          }
          const decoder = new FrameDecoder(300)
          const decoded = chunks.flatMap((chunk) => decoder.push(chunk).payloads)
          assert.deepEqual(decoded.map((payload) => [...payload]), payloads.map((payload) => [...payload]))
          assert.equal(decoder.bufferedBytes, 0)
        },
      ),
      { seed: 7, numRuns: 300 },
    )
  })
})
