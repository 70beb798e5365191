import assert from 'node:assert/strict'
import { after, afterEach, describe, it } from 'node:test'
import { NornicError } from '../../../../src/errors/index.js'
import type { Message } from '../../../../src/cluster/transport/frame-codec.js'
import type { PeerClient } from '../../../../src/cluster/transport/peer-client.js'
import type { TransportServer } from '../../../../src/cluster/transport/transport-server.js'
import { assertNothingLeftRunning, connectedClient, startServer, TestEnvironment, waitFor } from './support.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
after(assertNothingLeftRunning)

async function pair(
  handler: Parameters<typeof startServer>[1],
  clientOptions: Parameters<typeof connectedClient>[2] = {},
): Promise<{ env: TestEnvironment; server: TransportServer; client: PeerClient }> {
  const env = new TestEnvironment()
  const { server, port } = await startServer(env, handler)
  cleanups.push(() => server.close())
  const client = await connectedClient(env, port, clientOptions)
  cleanups.push(() => client.close())
  return { env, server, client }
}

function coded(code: string): (error: unknown) => boolean {
  return (error) => error instanceof NornicError && error.code === code
}

describe('request and response on one connection (DESIGN: every message has an id)', () => {
  it('matches 500 answers given in scrambled order to their requests', async () => {
    const { client } = await pair(async (message) => {
      // Answer later requests first now and then, so answers overtake each other.
      await new Promise((resolve) => setTimeout(resolve, (Number(message.body.n) * 7) % 13))
      return { n: message.body.n, doubled: Number(message.body.n) * 2 }
    })
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, n) => client.request('ForwardWrite', { n })),
    )
    answers.forEach((answer, n) => {
      assert.equal(answer.type, 'ForwardWriteResponse')
      assert.equal(answer.from, 'node-1')
      assert.deepEqual(answer.body, { n, doubled: n * 2 })
    })
    assert.equal(client.pendingRequests, 0)
  })

  it('carries a 2 MiB body both ways, arriving in many TCP chunks', async () => {
    const { client } = await pair((message) => ({ echo: message.body.data }))
    const data = 'ü'.repeat(1024 * 1024)
    const answer = await client.request('InstallSnapshot', { data })
    assert.equal(answer.body.echo, data)
  })

  it('rejects a request that is not answered in time with Nornic.Cluster.RequestTimeout, and forgets it', async () => {
    const { client } = await pair(() => undefined)
    await assert.rejects(client.request('ReadIndexRequest', {}, { timeoutMs: 50 }), (error: unknown) => {
      assert.ok(coded('Nornic.Cluster.RequestTimeout')(error))
      assert.deepEqual((error as NornicError).facts, { peer: 'node-1', type: 'ReadIndexRequest', timeoutMs: 50 })
      return true
    })
    assert.equal(client.pendingRequests, 0)
  })

  it('hands an answer that came after its timeout to onMessage instead of dropping the connection', async () => {
    const late: Message[] = []
    let release: () => void = () => undefined
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    const { client } = await pair(async () => {
      await released
      return { late: true }
    }, { onMessage: (message) => late.push(message) })
    await assert.rejects(client.request('Heartbeat', {}, { timeoutMs: 20 }), coded('Nornic.Cluster.RequestTimeout'))
    release()
    await waitFor(() => late.length === 1, 'the late answer')
    assert.equal(late[0]?.type, 'HeartbeatResponse')
    assert.equal(client.isConnected, true)
  })

  it('rethrows the coded error a handler threw, with its facts (forwarded NotALeader)', async () => {
    const { client } = await pair(() => {
      throw new NornicError('Neo.ClientError.Cluster.NotALeader', 'node-1 is a follower; the leader is node-3', { leader: 'node-3' })
    })
    await assert.rejects(client.request('ForwardWrite', { statements: [] }), (error: unknown) => {
      assert.ok(coded('Neo.ClientError.Cluster.NotALeader')(error))
      assert.equal((error as NornicError).message, 'node-1 is a follower; the leader is node-3')
      assert.deepEqual((error as NornicError).facts, { leader: 'node-3' })
      return true
    })
  })

  it('answers a handler bug with UnknownError, logs it, and keeps serving', async () => {
    let calls = 0
    const { env, client } = await pair(async () => {
      calls += 1
      if (calls === 1) throw new TypeError('cannot read properties of undefined')
      return { ok: true }
    })
    await assert.rejects(client.request('AdminForward', {}), coded('Neo.DatabaseError.General.UnknownError'))
    assert.deepEqual((await client.request('AdminForward', {})).body, { ok: true })
    assert.ok(env.warnings().some((line) => line.message === 'handling AdminForward from node-2 failed'))
  })

  it('rejects every waiting request at once when the connection closes, not at their timeouts', async () => {
    let arrived = 0
    const { server, client } = await pair(() => {
      arrived += 1
      return new Promise<undefined>(() => undefined)
    })
    const waiting = Array.from({ length: 20 }, () => client.request('VoteRequest', {}, { timeoutMs: 60_000 }))
    await waitFor(() => arrived === 20, 'all requests at the server')
    const settled = Promise.allSettled(waiting)
    const startedMs = Date.now()
    await server.close()
    const results = await settled
    assert.ok(results.every((result) => result.status === 'rejected' && coded('Nornic.Cluster.PeerUnavailable')(result.reason)))
    assert.ok(Date.now() - startedMs < 30_000, 'rejected on close, far before the 60 s timeout')
    assert.equal(client.pendingRequests, 0)
  })

  it('delivers one-way sends to the handler and an answer to one to onMessage', async () => {
    const seen: Message[] = []
    const answers: Message[] = []
    const { client } = await pair((message) => {
      seen.push(message)
      return message.type === 'AppendEntries' ? { success: true } : undefined
    }, { onMessage: (message) => answers.push(message) })
    assert.equal(client.send('TimeoutNow', { term: 4 }), true)
    assert.equal(client.send('AppendEntries', { term: 4, entries: [] }), true)
    await waitFor(() => seen.length === 2 && answers.length === 1, 'both sends and the answer')
    assert.deepEqual(seen.map((message) => [message.type, message.from, message.body]), [
      ['TimeoutNow', 'node-2', { term: 4 }],
      ['AppendEntries', 'node-2', { term: 4, entries: [] }],
    ])
    assert.equal(answers[0]?.type, 'AppendEntriesResponse')
    assert.equal(answers[0]?.id, seen[1]?.id)
  })

  it('fails fast while the peer is down: send drops, request rejects with PeerUnavailable', async () => {
    const { server, client } = await pair(() => ({}))
    await server.close()
    await waitFor(() => !client.isConnected, 'the client to notice')
    assert.equal(client.send('AppendEntries', {}), false)
    await assert.rejects(client.request('VoteRequest', {}), coded('Nornic.Cluster.PeerUnavailable'))
  })

  it('refuses to send a frame over the limit, with EntityTooLarge naming the limit, and stays connected', async () => {
    const { client } = await pair(() => ({ ok: true }), { maxFrameBytes: 1024 })
    assert.throws(() => client.send('WALBatch', { data: 'x'.repeat(2000) }), coded('Neo.ClientError.Request.EntityTooLarge'))
    await assert.rejects(client.request('WALBatch', { data: 'x'.repeat(2000) }), (error: unknown) => {
      assert.ok(coded('Neo.ClientError.Request.EntityTooLarge')(error))
      assert.equal((error as NornicError).facts.maxFrameBytes, 1024)
      return true
    })
    assert.equal(client.pendingRequests, 0)
    assert.deepEqual((await client.request('WALBatch', { data: 'small' })).body, { ok: true })
  })

  it('answers with an Error frame when the answer would be over the limit', async () => {
    const env = new TestEnvironment()
    const { server, port } = await startServer(env, () => ({ rows: 'y'.repeat(5000) }), { maxFrameBytes: 1024 })
    cleanups.push(() => server.close())
    const client = await connectedClient(env, port)
    cleanups.push(() => client.close())
    await assert.rejects(client.request('ForwardWrite', {}), coded('Neo.ClientError.Request.EntityTooLarge'))
  })

  it('rejects with PeerUnavailable after close and leaves nothing running', async () => {
    const { server, client } = await pair(() => ({}))
    await client.close()
    await server.close()
    await assert.rejects(client.request('VoteRequest', {}), coded('Nornic.Cluster.PeerUnavailable'))
    assert.equal(client.isConnected, false)
    assert.equal(server.connectionCount, 0)
  })
})
