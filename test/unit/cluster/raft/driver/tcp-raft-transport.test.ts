import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { SnapshotChunk } from '../../../../../src/cluster/raft/driver/raft-transport.js'
import { TcpRaftTransport } from '../../../../../src/cluster/raft/driver/tcp-raft-transport.js'
import { encodeChunkBody, encodeRaftBody } from '../../../../../src/cluster/raft/driver/wire.js'
import type { Message } from '../../../../../src/cluster/raft/types.js'
import type { Message as Frame } from '../../../../../src/cluster/transport/frame-codec.js'
import { isNornicError } from '../../../../../src/errors/index.js'

const quiet = { warn: () => undefined, info: () => undefined, debug: () => undefined }
const heartbeat: Message = { type: 'heartbeat', from: 'n2', to: 'n1', term: 4, commit: 3, context: '' }
const chunk: SnapshotChunk = {
  from: 'n2', to: 'n1', term: 4, snapshot: { index: 9, term: 3, membership: { voters: ['n1', 'n2'], learners: [] } }, seq: 0, records: [], done: true,
}

function frame(type: Frame['type'], body: Frame['body'], from = 'n2'): Frame {
  return { type, id: 1, from, cluster: 'c', body }
}

function withCode(code: string): (error: unknown) => boolean {
  return (error) => isNornicError(error) && error.code === code
}

describe('TcpRaftTransport: Raft frames in and out of the cluster port', () => {
  it('routes the Raft types and InstallSnapshot, and nothing else', () => {
    const transport = new TcpRaftTransport({ self: 'n1', peers: new Map(), logger: quiet })
    for (const type of ['VoteRequest', 'AppendEntries', 'PreVoteResponse', 'TimeoutNow', 'ReadIndexRequest', 'InstallSnapshot'] as const) {
      assert.equal(transport.handlesType(type), true, type)
    }
    for (const type of ['WALBatch', 'ForwardWrite', 'Heartbeat', 'InstallSnapshotResponse'] as const) assert.equal(transport.handlesType(type), false, type)
  })

  it('hands a well-formed message to the driver and answers nothing on the connection', async () => {
    const transport = new TcpRaftTransport({ self: 'n1', peers: new Map(), logger: quiet })
    const received: Message[] = []
    await transport.start({ message: (message) => received.push(message), snapshotChunk: async () => undefined, peerDisconnected: () => undefined })
    assert.equal(transport.handleFrame(frame('AppendEntries', encodeRaftBody(heartbeat))), undefined)
    assert.deepEqual(received, [heartbeat])
  })

  it('refuses a malformed body with a protocol error, before the core sees it', async () => {
    const transport = new TcpRaftTransport({ self: 'n1', peers: new Map(), logger: quiet })
    const received: Message[] = []
    await transport.start({ message: (message) => received.push(message), snapshotChunk: async () => undefined, peerDisconnected: () => undefined })
    assert.throws(() => transport.handleFrame(frame('VoteRequest', encodeRaftBody(heartbeat))), withCode('Nornic.Cluster.ProtocolError'))
    assert.throws(() => transport.handleFrame(frame('AppendEntries', encodeRaftBody(heartbeat), 'n3')), withCode('Nornic.Cluster.ProtocolError'))
    assert.throws(() => transport.handleFrame(frame('InstallSnapshot', { chunk: { seq: 'x' } })), withCode('Nornic.Cluster.ProtocolError'))
    assert.deepEqual(received, [])
  })

  it('answers a snapshot chunk once the driver has it, and refuses chunks once closed', async () => {
    const transport = new TcpRaftTransport({ self: 'n1', peers: new Map(), logger: quiet })
    const chunks: SnapshotChunk[] = []
    await transport.start({ message: () => undefined, snapshotChunk: async (received) => void chunks.push(received), peerDisconnected: () => undefined })
    assert.deepEqual(await transport.handleFrame(frame('InstallSnapshot', encodeChunkBody(chunk))), {})
    assert.deepEqual(chunks, [chunk])
    await transport.close()
    assert.throws(() => transport.handleFrame(frame('InstallSnapshot', encodeChunkBody(chunk))), withCode('Neo.TransientError.General.DatabaseUnavailable'))
  })

  it('drops a message to an unknown peer and fails a chunk to one', async () => {
    const transport = new TcpRaftTransport({ self: 'n1', peers: new Map(), logger: quiet })
    transport.send({ ...heartbeat, from: 'n1', to: 'n9' })
    await assert.rejects(transport.sendSnapshotChunk({ ...chunk, from: 'n1', to: 'n9' }), withCode('Nornic.Cluster.PeerUnavailable'))
  })
})
