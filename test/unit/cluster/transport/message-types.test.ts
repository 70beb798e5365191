import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import {
  MESSAGE_TYPES, messageTypeCode, messageTypeName, responseTypeOf, type MessageTypeName,
} from '../../../../src/cluster/transport/message-types.js'

const names = Object.keys(MESSAGE_TYPES) as MessageTypeName[]

/** The guide's message table ("Wire Protocol"), codes 1 to 12. */
const GUIDE_TABLE = [
  'VoteRequest', 'VoteResponse', 'AppendEntries', 'AppendEntriesResponse', 'WALBatch', 'WALBatchResponse',
  'Heartbeat', 'HeartbeatResponse', 'Fence', 'FenceResponse', 'Promote', 'PromoteResponse',
]

describe('message types (guide: Wire Protocol, Message Types)', () => {
  it('keeps the guide codes 1-12 and numbers its own from 13 without gaps or repeats', () => {
    GUIDE_TABLE.forEach((name, index) => assert.equal(messageTypeCode(name as MessageTypeName), index + 1, name))
    const codes = names.map((name) => messageTypeCode(name)).sort((a, b) => a - b)
    assert.deepEqual(codes, codes.map((_, index) => index + 1))
  })

  it('maps codes to names and back', () => {
    for (const name of names) assert.equal(messageTypeName(messageTypeCode(name)), name)
    assert.equal(messageTypeName(0), undefined)
    assert.equal(messageTypeName(names.length + 1), undefined)
  })

  it('answers each request with a type that exists and is itself never a request', () => {
    for (const name of names) {
      const response = responseTypeOf(name)
      if (response === undefined) continue
      assert.ok(Object.hasOwn(MESSAGE_TYPES, response), `${name} is answered by unknown ${response}`)
      assert.equal(responseTypeOf(response), undefined, `${response} answers ${name} and expects an answer itself`)
    }
  })

  it('is listed exactly, code, name and answer, in docs/cluster-protocol.md', () => {
    const doc = readFileSync(new URL('../../../../docs/cluster-protocol.md', import.meta.url), 'utf8')
    const rows = [...doc.matchAll(/^\|\s*(\d+)\s*\|\s*(\w+)\s*\|[^|]*\|\s*([\w-]+)\s*\|/gm)]
    const documented = rows.map(([, code, name, answer]) => `${code} ${name} ${answer}`)
    const table = names.map((name) => `${messageTypeCode(name)} ${name} ${responseTypeOf(name) ?? '-'}`)
    assert.deepEqual(documented, table)
  })
})
