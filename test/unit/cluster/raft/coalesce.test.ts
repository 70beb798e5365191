import assert from 'node:assert/strict'
import { test } from 'node:test'
import { coalesceMessages, type AppendLimits } from '../../../../src/cluster/raft/coalesce.js'
import type { AppendMessage, AppendResponseMessage, Entry, HeartbeatMessage, Message } from '../../../../src/cluster/raft/types.js'

const LIMITS: AppendLimits = { maxAppendEntries: 64, maxAppendSize: 1024 }

function entry(index: number, term = 1, data = `w${index}`): Entry {
  return { index, term, type: 'normal', data }
}

function append(to: string, prevIndex: number, entries: Entry[], commit: number, term = 1, prevTerm = 1): AppendMessage {
  return { type: 'append', from: 'n1', to, term, prevIndex, prevTerm, entries, commit }
}

function ack(to: string, index: number, reject = false): AppendResponseMessage {
  return { type: 'appendResponse', from: 'n2', to, term: 1, reject, index, conflictIndex: 0, conflictTerm: 0 }
}

function heartbeat(to: string): HeartbeatMessage {
  return { type: 'heartbeat', from: 'n1', to, term: 1, commit: 1, context: '' }
}

function describe(messages: readonly Message[]): string[] {
  return messages.map((m) => {
    if (m.type === 'append') return `${m.to} append prev=${m.prevIndex} [${m.entries.map((e) => e.index).join(',')}] commit=${m.commit}`
    if (m.type === 'appendResponse') return `${m.to} ack ${m.reject ? 'reject ' : ''}${m.index}`
    return `${m.to} ${m.type}`
  })
}

test('appends that continue each other merge per follower, carrying the later commit index', () => {
  const out = coalesceMessages([
    append('n2', 1, [entry(2)], 1), append('n3', 1, [entry(2)], 1),
    append('n2', 2, [entry(3)], 1), append('n3', 2, [entry(3)], 1),
    append('n2', 3, [], 3), append('n3', 3, [], 3),
  ], LIMITS)
  assert.deepEqual(describe(out), ['n2 append prev=1 [2,3] commit=3', 'n3 append prev=1 [2,3] commit=3'])
})

test('an empty append carrying the commit index folds into the entries that follow it', () => {
  const out = coalesceMessages([append('n2', 4, [], 4), append('n2', 4, [entry(5)], 4)], LIMITS)
  assert.deepEqual(describe(out), ['n2 append prev=4 [5] commit=4'])
})

test('appends that do not continue each other, or would pass maxAppendEntries or maxAppendSize, stay apart', () => {
  const resent = coalesceMessages([append('n2', 1, [entry(2), entry(3)], 1), append('n2', 1, [entry(2), entry(3)], 1)], LIMITS)
  assert.equal(resent.length, 2)
  const otherTerm = coalesceMessages([append('n2', 1, [entry(2)], 1), append('n2', 2, [entry(3, 2)], 1, 2, 1)], LIMITS)
  assert.equal(otherTerm.length, 2, 'a message of a newer term is never folded into an older one')
  const wrongPrevTerm = coalesceMessages([append('n2', 1, [entry(2)], 1), append('n2', 2, [entry(3)], 1, 1, 2)], LIMITS)
  assert.equal(wrongPrevTerm.length, 2)
  const tooMany = coalesceMessages([append('n2', 1, [entry(2), entry(3)], 1), append('n2', 3, [entry(4)], 1)], { ...LIMITS, maxAppendEntries: 2 })
  assert.deepEqual(describe(tooMany), ['n2 append prev=1 [2,3] commit=1', 'n2 append prev=3 [4] commit=1'])
  const large = 'x'.repeat(600)
  const tooLarge = coalesceMessages([append('n2', 1, [entry(2, 1, large)], 1), append('n2', 2, [entry(3, 1, large)], 1), append('n2', 3, [entry(4)], 3)], LIMITS)
  assert.deepEqual(describe(tooLarge), ['n2 append prev=1 [2] commit=1', 'n2 append prev=2 [3,4] commit=3'], 'two 600-character entries pass 1024 together')
})

test('another message to the same peer in between keeps the order: nothing merges across it', () => {
  const out = coalesceMessages([append('n2', 1, [entry(2)], 1), heartbeat('n2'), append('n2', 2, [entry(3)], 1)], LIMITS)
  assert.deepEqual(describe(out), ['n2 append prev=1 [2] commit=1', 'n2 heartbeat', 'n2 append prev=2 [3] commit=1'])
})

test('accepted acknowledgements merge into the highest; a rejection is always kept', () => {
  assert.deepEqual(describe(coalesceMessages([ack('n1', 2), ack('n1', 4), ack('n1', 3)], LIMITS)), ['n1 ack 4'])
  assert.deepEqual(describe(coalesceMessages([ack('n1', 2), ack('n1', 5, true), ack('n1', 3)], LIMITS)), ['n1 ack 2', 'n1 ack reject 5', 'n1 ack 3'])
})
