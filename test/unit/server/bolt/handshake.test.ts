import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { negotiateVersion, versionAnswer } from '../../../../src/server/bolt/handshake.js'

/** Four proposals as [major, minor, range]; unused slots are zero. */
function handshake(...proposals: [number, number, number][]): Buffer {
  const bytes = Buffer.alloc(20)
  bytes.writeUInt32BE(0x6060b017, 0)
  proposals.forEach(([major, minor, range], i) => {
    bytes[4 + i * 4 + 1] = range
    bytes[4 + i * 4 + 2] = minor
    bytes[4 + i * 4 + 3] = major
  })
  return bytes
}

describe('Bolt handshake (Bolt spec, handshake)', () => {
  it('picks 5.8 from what neo4j-driver 6 proposes (manifest 255.1, 5.8-5.0, 4.4-4.2, 3.0)', () => {
    const outcome = negotiateVersion(handshake([255, 1, 0], [5, 8, 8], [4, 4, 2], [3, 0, 0]))
    assert.deepEqual(outcome, { kind: 'agreed', version: { major: 5, minor: 8 } })
    assert.equal(versionAnswer({ major: 5, minor: 8 }).toString('hex'), '00000805')
  })

  it('picks the highest version inside a range', () => {
    assert.deepEqual(negotiateVersion(handshake([5, 4, 3])), { kind: 'agreed', version: { major: 5, minor: 4 } })
    assert.deepEqual(negotiateVersion(handshake([5, 9, 2])), { kind: 'agreed', version: { major: 5, minor: 8 } })
  })

  it('speaks 4.4 to a client that offers only 4.x', () => {
    assert.deepEqual(negotiateVersion(handshake([4, 4, 0], [4, 3, 0])), { kind: 'agreed', version: { major: 4, minor: 4 } })
  })

  it('answers zeros when no version fits', () => {
    const outcome = negotiateVersion(handshake([4, 3, 1], [3, 0, 0]))
    assert.deepEqual(outcome, { kind: 'no_common_version', proposed: ['4.2-4.3', '3.0'] })
    assert.equal(versionAnswer(undefined).toString('hex'), '00000000')
  })

  it('tells bytes that are not Bolt, such as an HTTP request', () => {
    assert.deepEqual(negotiateVersion(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n')), { kind: 'not_bolt' })
  })
})
