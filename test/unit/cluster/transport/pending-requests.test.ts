import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { NornicError } from '../../../../src/errors/index.js'
import type { Message } from '../../../../src/cluster/transport/frame-codec.js'
import { PendingRequests } from '../../../../src/cluster/transport/pending-requests.js'
import { errorFromBody, peerUnavailable } from '../../../../src/cluster/transport/transport-errors.js'

function answer(id: number, type: Message['type'], body: Message['body'] = {}): Message {
  return { type, id, from: 'node-1', cluster: 'test-cluster', body }
}

function coded(code: string): (error: unknown) => boolean {
  return (error) => error instanceof NornicError && error.code === code
}

describe('pending requests: each settles exactly once', () => {
  it('resolves with the answer of the table\'s response type and forgets the id', async () => {
    const pending = new PendingRequests('node-1')
    const waiting = pending.add(7, 'VoteRequest', 10_000)
    assert.equal(pending.settle(answer(7, 'VoteResponse', { granted: true })), true)
    assert.deepEqual((await waiting).body, { granted: true })
    assert.equal(pending.settle(answer(7, 'VoteResponse')), false, 'a second answer to the same id matches nothing')
    assert.equal(pending.size, 0)
  })

  it('rejects an answer of another type with Nornic.Cluster.ProtocolError', async () => {
    const pending = new PendingRequests('node-1')
    const waiting = pending.add(1, 'VoteRequest', 10_000)
    pending.settle(answer(1, 'PreVoteResponse'))
    await assert.rejects(waiting, (error: unknown) => {
      assert.ok(coded('Nornic.Cluster.ProtocolError')(error))
      assert.deepEqual((error as NornicError).facts, { peer: 'node-1', request: 'VoteRequest', response: 'PreVoteResponse' })
      return true
    })
  })

  it('leaves an id it does not know to the caller', () => {
    assert.equal(new PendingRequests('node-1').settle(answer(99, 'AppendEntriesResponse')), false)
  })

  it('rejects everything at once when the connection goes', async () => {
    const pending = new PendingRequests('node-1')
    const waiting = [pending.add(1, 'Heartbeat', 10_000), pending.add(2, 'Fence', 10_000)]
    pending.rejectAll(peerUnavailable('node-1', 'connection closed'))
    for (const request of waiting) await assert.rejects(request, coded('Nornic.Cluster.PeerUnavailable'))
    assert.equal(pending.size, 0)
  })
})

describe('Error frames carry coded errors across the wire', () => {
  it('rebuilds a known code with its message and facts', () => {
    const error = errorFromBody({ code: 'Neo.ClientError.Cluster.NotALeader', message: 'ask node-3', facts: { leader: 'node-3' } }, 'node-1')
    assert.equal(error.code, 'Neo.ClientError.Cluster.NotALeader')
    assert.equal(error.message, 'ask node-3')
    assert.deepEqual(error.facts, { leader: 'node-3' })
  })

  it('turns a code this version does not know, or a body without one, into UnknownError naming it', () => {
    const future = errorFromBody({ code: 'Nornic.Future.Thing', message: 'new', facts: { x: 1 } }, 'node-1')
    assert.equal(future.code, 'Neo.DatabaseError.General.UnknownError')
    assert.deepEqual(future.facts, { x: 1, peer: 'node-1', remoteCode: 'Nornic.Future.Thing' })
    const empty = errorFromBody({ facts: [1, 2] }, 'node-1')
    assert.equal(empty.code, 'Neo.DatabaseError.General.UnknownError')
    assert.equal(empty.message, 'peer node-1 answered with an error')
  })

  it('does not take an inherited property for a known code', () => {
    assert.equal(errorFromBody({ code: 'toString', message: 'm' }, 'node-1').code, 'Neo.DatabaseError.General.UnknownError')
  })
})
