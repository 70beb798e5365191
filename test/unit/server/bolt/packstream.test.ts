import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { PackStreamError, PackStreamReader, PackStreamWriter, Structure, unpackOne, type PackValue } from '../../../../src/server/bolt/packstream.js'

function pack(value: PackValue): Buffer {
  const writer = new PackStreamWriter()
  writer.pack(value)
  return Buffer.from(writer.bytes())
}

function hex(value: PackValue): string {
  return pack(value).toString('hex')
}

describe('PackStream (Bolt spec, PackStream section)', () => {
  it('packs integers in the smallest form, at each boundary', () => {
    const cases: [bigint, string][] = [
      [0n, '00'], [127n, '7f'], [-16n, 'f0'], [-17n, 'c8ef'], [-128n, 'c880'], [128n, 'c90080'],
      [-129n, 'c9ff7f'], [32767n, 'c97fff'], [32768n, 'ca00008000'], [-32769n, 'caffff7fff'],
      [2147483647n, 'ca7fffffff'], [2147483648n, 'cb0000000080000000'],
      [2n ** 63n - 1n, 'cb7fffffffffffffff'], [-(2n ** 63n), 'cb8000000000000000'],
    ]
    for (const [value, expected] of cases) {
      assert.equal(hex(value), expected, `${value}`)
      assert.equal(unpackOne(pack(value)), value)
    }
  })

  it('refuses an integer beyond 64 bits', () => {
    assert.throws(() => pack(2n ** 63n), PackStreamError)
  })

  it('packs null, booleans and floats', () => {
    assert.equal(hex(null), 'c0')
    assert.equal(hex(true), 'c3')
    assert.equal(hex(false), 'c2')
    assert.equal(hex(1.0), 'c13ff0000000000000')
    assert.equal(unpackOne(pack(1.0)), 1)
    assert.ok(Number.isNaN(unpackOne(pack(Number.NaN))))
    assert.equal(unpackOne(pack(-0)), -0)
    assert.equal(unpackOne(pack(Number.POSITIVE_INFINITY)), Number.POSITIVE_INFINITY)
  })

  it('sizes strings, lists and maps by their headers', () => {
    assert.equal(hex(''), '80')
    assert.equal(hex('a'), '8161')
    assert.equal(pack('x'.repeat(15))[0], 0x8f)
    assert.equal(pack('x'.repeat(16)).subarray(0, 2).toString('hex'), 'd010')
    assert.equal(pack('x'.repeat(256)).subarray(0, 3).toString('hex'), 'd10100')
    assert.equal(pack('x'.repeat(65536)).subarray(0, 5).toString('hex'), 'd200010000')
    assert.equal(hex('é'), '82c3a9', 'the size counts UTF-8 bytes, not characters')
    assert.equal(hex([]), '90')
    assert.equal(pack(Array.from({ length: 16 }, () => null)).subarray(0, 2).toString('hex'), 'd410')
    assert.equal(hex({}), 'a0')
    assert.equal(hex({ a: 1n }), 'a1816101')
    assert.equal(hex(new Uint8Array([1, 2])), 'cc020102')
  })

  it('packs a structure as marker, tag and fields', () => {
    assert.equal(hex(new Structure(0x70, [{}])), 'b170a0')
    const decoded = unpackOne(pack(new Structure(0x4e, [1n, ['A'], { k: 'v' }, '4:x:1'])))
    assert.deepEqual(decoded, new Structure(0x4e, [1n, ['A'], { k: 'v' }, '4:x:1']))
  })

  it('round-trips any value made of its types', () => {
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constant(null), fc.boolean(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        fc.double({ noNaN: true }), fc.string({ unit: 'grapheme' }), fc.uint8Array(),
        fc.array(tie('value'), { maxLength: 20 }),
        fc.dictionary(fc.string(), tie('value'), { maxKeys: 20, noNullPrototype: true }),
      ),
    }))
    fc.assert(fc.property(value, (v) => {
      assert.deepEqual(unpackOne(pack(v as PackValue)), v)
    }), { numRuns: 300 })
  })

  it('keeps a map key named __proto__ as an entry', () => {
    const bytes = Buffer.from('a189' + Buffer.from('__proto__').toString('hex') + '01', 'hex')
    const map = unpackOne(bytes) as Record<string, PackValue>
    assert.deepEqual(Object.keys(map), ['__proto__'])
    assert.equal(Object.getPrototypeOf(map), Object.prototype)
  })

  it('throws PackStreamError on malformed input, never anything else', () => {
    const malformed = [
      '', 'c1000000', 'cb0102', '85616263', 'd0ff61', 'd4ff', 'daffffffff', 'a101', 'c7', 'e0', 'b1', '0000',
      'ce7fffffff00', 'd2ffffffff61',
    ]
    for (const bytes of malformed) {
      assert.throws(() => unpackOne(Buffer.from(bytes, 'hex')), PackStreamError, bytes)
    }
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      try {
        unpackOne(Buffer.from(bytes))
      } catch (error) {
        assert.ok(error instanceof PackStreamError, String(error))
      }
    }), { numRuns: 2000 })
  })

  it('refuses values nested deeper than it reads', () => {
    const deep = Buffer.alloc(100, 0x91)
    assert.throws(() => new PackStreamReader(Buffer.concat([deep, Buffer.from([0xc0])])).unpack(), PackStreamError)
  })
})
