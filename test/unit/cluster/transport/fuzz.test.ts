import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { MESSAGE_TYPES } from '../../../../src/cluster/transport/message-types.js'
import {
  assertNothingLeftRunning, connectedClient, rawFrame, rawSocket, socketClosed, startServer, TestEnvironment, waitFor,
} from './support.js'

after(assertNothingLeftRunning)

const SEED = Number(process.env.NORNIC_FUZZ_SEED ?? 20261123)
const CONNECTIONS = 240
const FRAMES_PER_CONNECTION = 30
const AT_ONCE = 24
const MAX_FRAME_BYTES = 4096
const CODES = Object.values(MESSAGE_TYPES).map((spec) => spec.code)

type Random = () => number

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T
}

function garbage(random: Random, bytes: number): Buffer {
  return Buffer.from(Array.from({ length: bytes }, () => Math.floor(random() * 256)))
}

function validFrame(random: Random, from: string): Buffer {
  const body = { n: Math.floor(random() * 1e6), text: 'é'.repeat(Math.floor(random() * 50)) }
  return rawFrame(JSON.stringify({ type: pick(random, CODES), id: 1 + Math.floor(random() * 1e9), from, cluster: 'test-cluster', body }))
}

/** One hostile or broken frame; the server must refuse it and close, nothing more. */
function badFrame(random: Random, from: string): Buffer {
  const kind = Math.floor(random() * 9)
  switch (kind) {
    case 0: return rawFrame('', MAX_FRAME_BYTES + 1 + Math.floor(random() * 2 ** 31))
    case 1: return rawFrame(garbage(random, Math.floor(random() * 200)))
    case 2: return garbage(random, 1 + Math.floor(random() * 300))
    case 3: return rawFrame(JSON.stringify(pick(random, [null, 7, 'text', [1, 2], true, {}, { type: 1 }])))
    case 4: return rawFrame(JSON.stringify({ type: 1, id: -5, from, cluster: 'test-cluster', body: {} }))
    case 5: return rawFrame(JSON.stringify({ type: 1000 + Math.floor(random() * 1000), id: 1, from, cluster: 'test-cluster', body: {} }))
    case 6: return rawFrame(JSON.stringify({ type: 1, id: 1, from, cluster: 'elsewhere', body: {} }))
    case 7: return rawFrame(JSON.stringify({ type: 1, id: 1, from: `${from}-other`, cluster: 'test-cluster', body: {} }))
    default: {
      // Truncated: the header promises more than the connection will ever carry.
      const frame = validFrame(random, from)
      return frame.subarray(0, Math.floor(random() * frame.length))
    }
  }
}

/** Writes the stream in random cuts, as TCP might deliver it, then half-closes. */
async function hammer(port: number, random: Random, connection: number): Promise<void> {
  const from = `fuzz-${connection}`
  const frames = Array.from({ length: FRAMES_PER_CONNECTION }, () => (random() < 0.93 ? validFrame(random, from) : badFrame(random, from)))
  const stream = Buffer.concat(frames)
  const socket = await rawSocket(port)
  for (let offset = 0; offset < stream.length && !socket.destroyed;) {
    const size = 1 + Math.floor(random() * 700)
    socket.write(stream.subarray(offset, offset + size))
    offset += size
  }
  socket.end()
  await socketClosed(socket)
}

describe(`fuzzing a live cluster port (seed ${SEED}; replay with NORNIC_FUZZ_SEED=${SEED})`, () => {
  it('survives thousands of random, truncated, oversized and garbage frames, then still answers', async (t) => {
    const env = new TestEnvironment(SEED)
    let handled = 0
    const { server, port } = await startServer(env, (message) => {
      handled += 1
      return { echo: message.body }
    }, { maxFrameBytes: MAX_FRAME_BYTES })
    try {
      for (let start = 0; start < CONNECTIONS; start += AT_ONCE) {
        const batch = Array.from({ length: Math.min(AT_ONCE, CONNECTIONS - start) }, (_, index) => hammer(port, env.random, start + index))
        await Promise.all(batch)
      }
      t.diagnostic(`${handled} valid frames handled; rejected: ${JSON.stringify(Object.fromEntries(env.rejected))}`)
      await waitFor(() => server.connectionCount === 0, 'every fuzzing connection closed on the server')
      assert.ok(handled > 1000, `valid frames reached the handler (${handled})`)
      assert.ok(env.rejectedCount() > 50, `bad frames were counted (${env.rejectedCount()})`)
      for (const reason of ['oversized', 'malformed', 'invalid_shape', 'unknown_type', 'wrong_cluster', 'wrong_peer'] as const) {
        assert.ok(env.rejectedCount(reason) > 0, `${reason} was counted (${JSON.stringify([...env.rejected])})`)
      }
      const fuzzWarnings = env.warnings().filter((line) => line.message.startsWith('closed cluster connection'))
      assert.ok(fuzzWarnings.length <= CONNECTIONS, 'at most one warning per fuzzing peer within the minute')

      const client = await connectedClient(env, port)
      try {
        const answers = await Promise.all(Array.from({ length: 50 }, (_, n) => client.request('ForwardWrite', { n })))
        answers.forEach((answer, n) => assert.deepEqual(answer.body, { echo: { n } }))
      } finally {
        await client.close()
      }
    } finally {
      await server.close()
    }
  })
})
