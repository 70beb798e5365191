import assert from 'node:assert/strict'
import { after, afterEach, describe, it } from 'node:test'
import { PeerClient, type PeerConnectionEvent } from '../../../../src/cluster/transport/peer-client.js'
import { TransportServer, type InboundPeer } from '../../../../src/cluster/transport/transport-server.js'
import {
  assertNothingLeftRunning, connectedClient, SELF_CLIENT, SELF_SERVER, startServer, TestEnvironment, waitFor,
} from './support.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
after(assertNothingLeftRunning)

describe('per-peer client: reconnects and connection events', () => {
  it('reconnects after the server restarts on the same port, and reports each change', async () => {
    const env = new TestEnvironment()
    const first = await startServer(env, () => ({ generation: 1 }))
    const client = await connectedClient(env, first.port)
    cleanups.push(() => client.close())
    const events: string[] = []
    client.on('connected', (event) => events.push(`connected ${event.peer}`))
    client.on('disconnected', (event) => events.push(`disconnected ${event.peer}`))
    assert.deepEqual((await client.request('Heartbeat', {})).body, { generation: 1 })

    await first.server.close()
    await waitFor(() => events.length === 1, 'the disconnected event')
    // Let a few attempts fail against the closed port before the server comes back.
    await waitFor(() => env.warnings().some((line) => line.message.startsWith('cannot connect to peer node-1')), 'a failed attempt')

    const second = new TransportServer({ self: SELF_SERVER, bind: { host: '127.0.0.1', port: first.port }, env, handler: () => ({ generation: 2 }) })
    await second.listen()
    cleanups.push(() => second.close())
    await waitFor(() => client.isConnected, 'the client to reconnect')
    assert.deepEqual((await client.request('Heartbeat', {})).body, { generation: 2 })
    assert.deepEqual(events, ['disconnected node-1', 'connected node-1'])
  })

  it('tells the server side which peer connected and when it went (fast failover on a lost leader)', async () => {
    const env = new TestEnvironment()
    const { server, port } = await startServer(env, () => undefined)
    cleanups.push(() => server.close())
    const seen: string[] = []
    server.on('peer-connected', (peer: InboundPeer) => seen.push(`connected ${peer.peerId}`))
    server.on('peer-disconnected', (peer: InboundPeer) => seen.push(`disconnected ${peer.peerId} from ${peer.remoteAddress.split(':')[0]}`))
    const client = await connectedClient(env, port)
    client.send('AppendEntries', { term: 1 })
    await waitFor(() => seen.length === 1, 'peer-connected')
    await client.close()
    await waitFor(() => seen.length === 2, 'peer-disconnected')
    assert.deepEqual(seen, ['connected node-2', 'disconnected node-2 from 127.0.0.1'])
  })

  it('spaces attempts by the backoff drawn from the injected random source', async () => {
    const env = new TestEnvironment()
    // A port that refuses: listen, note the port, close.
    const { server, port } = await startServer(env, () => undefined)
    await server.close()
    // The client draws once per failed attempt, as it schedules the next one.
    const failuresAtMs: number[] = []
    const client = new PeerClient({
      self: SELF_CLIENT,
      peer: { id: 'node-1', host: '127.0.0.1', port },
      env: { ...env, random: () => { failuresAtMs.push(performance.now()); return 0 } },
      reconnect: { baseMs: 20, maxMs: 80 },
    })
    cleanups.push(() => client.close())
    client.start()
    await waitFor(() => failuresAtMs.length >= 5, 'five failed attempts')
    await client.close()
    // With random() = 0 each wait is the lower half of its step: 10, 20, 40, 40 ms. Timers never
    // fire early (1 ms of rounding aside), so their sum is a floor however loaded the machine is.
    const spanMs = (failuresAtMs[4] as number) - (failuresAtMs[0] as number)
    assert.ok(spanMs >= 10 + 20 + 40 + 40 - 4, `failures at ${failuresAtMs.map((at) => Math.round(at)).join(', ')}`)
    assert.equal(env.warnings().length, 1, 'the unreachable peer was logged once, not once per attempt')
  })

  it('closes a connection whose peer answers under another node id (wrong_peer)', async () => {
    const env = new TestEnvironment()
    const impostor = new TransportServer({
      self: { nodeId: 'node-9', clusterId: SELF_SERVER.clusterId }, bind: { host: '127.0.0.1', port: 0 }, env, handler: () => ({}),
    })
    const { port } = await impostor.listen()
    cleanups.push(() => impostor.close())
    const client = await connectedClient(env, port)
    cleanups.push(() => client.close())
    const lost = new Promise<PeerConnectionEvent>((resolve) => client.on('disconnected', resolve))
    await assert.rejects(client.request('VoteRequest', {}), (error: unknown) => (error as { code?: string }).code === 'Nornic.Cluster.PeerUnavailable')
    assert.equal((await lost).peer, 'node-1')
    assert.equal(env.rejectedCount('wrong_peer'), 1)
  })
})
