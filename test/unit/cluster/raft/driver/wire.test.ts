import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decodeChunkBody, decodeRaftBody, encodeChunkBody, encodeRaftBody, wireTypeOf } from '../../../../../src/cluster/raft/driver/wire.js'
import { messageTypeCode } from '../../../../../src/cluster/transport/message-types.js'
import type { Message } from '../../../../../src/cluster/raft/types.js'

const base = { from: 'n1', to: 'n2', term: 3 }
const samples: Message[] = [
  { ...base, type: 'vote', lastIndex: 5, lastTerm: 2, transfer: false },
  { ...base, type: 'voteResponse', reject: false },
  { ...base, type: 'preVote', lastIndex: 5, lastTerm: 2, transfer: false },
  { ...base, type: 'preVoteResponse', reject: true },
  { ...base, type: 'append', prevIndex: 4, prevTerm: 2, entries: [{ index: 5, term: 3, type: 'normal', data: 'x' }], commit: 4 },
  { ...base, type: 'appendResponse', reject: false, index: 5, conflictIndex: 0, conflictTerm: 0 },
  { ...base, type: 'heartbeat', commit: 4, context: '' },
  { ...base, type: 'heartbeatResponse', context: 'n1/1' },
  { ...base, type: 'timeoutNow' },
  { ...base, type: 'readIndex', context: 'n1/2' },
  { ...base, type: 'readIndexResponse', context: 'n1/2', index: 9 },
]

describe('Raft messages on the wire (docs/cluster-protocol.md)', () => {
  it('each core message rides the guide\'s type code', () => {
    const codes = Object.fromEntries(samples.map((message) => [message.type, messageTypeCode(wireTypeOf(message))]))
    assert.deepEqual(codes, {
      vote: 1, voteResponse: 2, append: 3, heartbeat: 3, appendResponse: 4, heartbeatResponse: 4,
      preVote: 13, preVoteResponse: 14, timeoutNow: 17, readIndex: 20, readIndexResponse: 21,
    })
  })

  it('every message comes back exactly as it was sent, through JSON', () => {
    for (const message of samples) {
      const body = JSON.parse(JSON.stringify(encodeRaftBody(message))) as Record<string, unknown>
      assert.deepEqual(decodeRaftBody(wireTypeOf(message), 'n1', body), message)
    }
  })

  it('a snapshot message is never sent as such: it is streamed in chunks', () => {
    assert.throws(() => wireTypeOf({ ...base, type: 'snapshot', snapshot: { index: 1, term: 1, membership: { voters: [], learners: [] } } }))
  })

  it('refuses a body that does not fit its frame', () => {
    const vote = samples[0]!
    assert.match(decodeRaftBody('AppendEntries', 'n1', encodeRaftBody(vote)) as string, /cannot ride in AppendEntries/)
    assert.match(decodeRaftBody('VoteRequest', 'n9', encodeRaftBody(vote)) as string, /claims to be from n1/)
    assert.match(decodeRaftBody('VoteRequest', 'n1', {}) as string, /no raft message/)
    assert.match(decodeRaftBody('VoteRequest', 'n1', { raft: { ...vote, lastIndex: 'x' } }) as string, /no lastIndex/)
    assert.match(decodeRaftBody('VoteRequest', 'n1', { raft: { ...vote, type: 'bogus' } }) as string, /unknown raft message type/)
    assert.match(decodeRaftBody('AppendEntries', 'n1', { raft: { ...samples[4]!, entries: 'x' } }) as string, /no entries/)
  })

  it('snapshot chunks go through and malformed ones are refused', () => {
    const chunk = { from: 'n1', to: 'n2', term: 3, snapshot: { index: 7, term: 2, membership: { voters: ['n1'], learners: [] } }, seq: 0, records: ['a'], done: true }
    assert.deepEqual(decodeChunkBody('n1', JSON.parse(JSON.stringify(encodeChunkBody(chunk)))), chunk)
    assert.equal(typeof decodeChunkBody('n9', encodeChunkBody(chunk)), 'string')
    assert.equal(typeof decodeChunkBody('n1', { chunk: { ...chunk, records: [1] } }), 'string')
  })
})
