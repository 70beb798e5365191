import assert from 'node:assert/strict'
import { after, afterEach, describe, it } from 'node:test'
import type { RejectReason } from '../../../../src/cluster/transport/frame-codec.js'
import { WARNING_INTERVAL_MS } from '../../../../src/cluster/transport/rate-limited-warnings.js'
import {
  assertNothingLeftRunning, connectedClient, rawFrame, rawMessage, rawSocket, socketClosed, startServer, TestEnvironment, waitFor,
} from './support.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
after(assertNothingLeftRunning)

async function echoServer(env: TestEnvironment, maxFrameBytes = 1024): Promise<number> {
  const { server, port } = await startServer(env, (message) => ({ echo: message.body }), { maxFrameBytes })
  cleanups.push(() => server.close())
  return port
}

describe('bad frames close that connection only, are counted and logged once a minute per peer', () => {
  const cases: Array<[RejectReason, Buffer[]]> = [
    ['oversized', [rawFrame('', 1025)]],
    ['malformed', [rawFrame('{"type": 7,')]],
    ['invalid_shape', [rawMessage({ id: 'seven' })]],
    ['unknown_type', [rawMessage({ type: 4242 })]],
    ['wrong_cluster', [rawMessage({ cluster: 'someone-else' })]],
    ['wrong_peer', [rawMessage({ from: 'node-7' }), rawMessage({ from: 'node-8' })]],
  ]
  for (const [reason, frames] of cases) {
    it(`closes on ${reason} and counts it`, async () => {
      const env = new TestEnvironment()
      const port = await echoServer(env)
      const bystander = await connectedClient(env, port)
      cleanups.push(() => bystander.close())
      const socket = await rawSocket(port)
      cleanups.push(async () => { socket.destroy() })
      socket.write(Buffer.concat(frames))
      await socketClosed(socket)
      assert.deepEqual([...env.rejected], [[reason, 1]])
      const warning = env.warnings().find((line) => line.message.startsWith('closed cluster connection'))
      assert.equal((warning?.fields as { reason?: string }).reason, reason)
      assert.deepEqual((await bystander.request('Heartbeat', { still: 'here' })).body, { echo: { still: 'here' } })
    })
  }

  it('refuses a node of another cluster (guide: NORNICDB_CLUSTER_RAFT_CLUSTER_ID) on every attempt, logging once a minute', async () => {
    const env = new TestEnvironment()
    const port = await echoServer(env)
    const stranger = await connectedClient(env, port, { self: { nodeId: 'node-5', clusterId: 'other-cluster' } })
    cleanups.push(() => stranger.close())
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await waitFor(() => stranger.isConnected, 'the stranger to reconnect')
      await assert.rejects(stranger.request('VoteRequest', {}), (error: unknown) => (error as { code?: string }).code === 'Nornic.Cluster.PeerUnavailable')
      assert.equal(env.rejectedCount('wrong_cluster'), attempt)
    }
    const logged = (): number => env.warnings().filter((line) => (line.fields as { reason?: string }).reason === 'wrong_cluster').length
    assert.equal(logged(), 1)
    env.nowMs += WARNING_INTERVAL_MS
    await waitFor(() => stranger.isConnected, 'the stranger to reconnect')
    await assert.rejects(stranger.request('VoteRequest', {}))
    assert.equal(logged(), 2)
    const last = env.warnings().filter((line) => (line.fields as { reason?: string }).reason === 'wrong_cluster').at(-1)
    assert.equal((last?.fields as { suppressed?: number }).suppressed, 2)
  })

  it('keeps serving the frames that came before a bad one on the same chunk', async () => {
    const seen: string[] = []
    const env = new TestEnvironment()
    const { server, port } = await startServer(env, (message) => {
      seen.push(message.type)
      return undefined
    })
    cleanups.push(() => server.close())
    const socket = await rawSocket(port)
    cleanups.push(async () => { socket.destroy() })
    socket.write(Buffer.concat([rawMessage({ type: 17, id: 1 }), rawMessage({ type: 17, id: 2 }), rawFrame('garbage'), rawMessage({ type: 17, id: 3 })]))
    await socketClosed(socket)
    assert.deepEqual(seen, ['TimeoutNow', 'TimeoutNow'])
    assert.equal(env.rejectedCount('malformed'), 1)
  })
})
