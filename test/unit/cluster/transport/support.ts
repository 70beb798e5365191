import { connect, type Socket } from 'node:net'
import type { RejectReason } from '../../../../src/cluster/transport/frame-codec.js'
import type { TransportEnvironment, TransportLogger } from '../../../../src/cluster/transport/environment.js'
import { PeerClient, type PeerClientOptions } from '../../../../src/cluster/transport/peer-client.js'
import {
  TransportServer, type MessageHandler, type TransportServerOptions,
} from '../../../../src/cluster/transport/transport-server.js'

export interface LogLine {
  readonly level: 'warn' | 'info' | 'debug'
  readonly fields: object
  readonly message: string
}

/** A test world: a clock the test moves, a seeded random source, a logger and counters that record. */
export class TestEnvironment implements TransportEnvironment {
  nowMs = 1_000_000
  readonly lines: LogLine[] = []
  readonly rejected = new Map<RejectReason, number>()
  #seed: number

  constructor(seed = 42) {
    this.#seed = seed
  }

  readonly clock = { now: (): number => this.nowMs }

  /** mulberry32: small, seeded, good enough to spread reconnects. */
  readonly random = (): number => {
    this.#seed = (this.#seed + 0x6d2b79f5) | 0
    let t = this.#seed
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  readonly logger: TransportLogger = {
    warn: (fields, message) => this.lines.push({ level: 'warn', fields, message }),
    info: (fields, message) => this.lines.push({ level: 'info', fields, message }),
    debug: (fields, message) => this.lines.push({ level: 'debug', fields, message }),
  }

  readonly metrics = {
    rejectedFrame: (reason: RejectReason): void => {
      this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1)
    },
  }

  rejectedCount(reason?: RejectReason): number {
    if (reason !== undefined) return this.rejected.get(reason) ?? 0
    return [...this.rejected.values()].reduce((sum, count) => sum + count, 0)
  }

  warnings(): LogLine[] {
    return this.lines.filter((line) => line.level === 'warn')
  }
}

/** Polls `condition` until it holds; fails after `timeoutMs` (generous: a loaded machine is slow, never wrong). */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** A frame built by hand: length header plus whatever payload bytes a test wants. */
export function rawFrame(payload: string | Buffer, announcedBytes?: number): Buffer {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload
  const header = Buffer.alloc(4)
  header.writeUInt32BE(announcedBytes ?? bytes.length, 0)
  return Buffer.concat([header, bytes])
}

export function rawMessage(fields: Record<string, unknown>): Buffer {
  return rawFrame(JSON.stringify({ type: 7, id: 1, from: 'raw', cluster: 'test-cluster', body: {}, ...fields }))
}

/** A bare socket to the server, for sending bytes no well-behaved client would. */
export async function rawSocket(port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port })
  socket.on('error', () => undefined)
  // Read and drop what the server answers; an unread socket never sees the server's close.
  socket.resume()
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('close', () => reject(new Error('raw socket closed before it connected')))
  })
  return socket
}

/** Resolves when the socket has closed; the server closing it is what several tests expect. */
export function socketClosed(socket: Socket, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) return resolve()
    const timer = setTimeout(() => reject(new Error(`socket still open after ${timeoutMs} ms`)), timeoutMs)
    socket.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

export const SELF_SERVER = { nodeId: 'node-1', clusterId: 'test-cluster' }
export const SELF_CLIENT = { nodeId: 'node-2', clusterId: 'test-cluster' }

export async function startServer(
  env: TestEnvironment,
  handler: MessageHandler,
  options: Partial<TransportServerOptions> = {},
): Promise<{ server: TransportServer; port: number }> {
  const server = new TransportServer({ self: SELF_SERVER, bind: { host: '127.0.0.1', port: 0 }, env, handler, ...options })
  const { port } = await server.listen()
  return { server, port }
}

/** A started client towards node-1 on `port`, resolved once it is connected. */
export async function connectedClient(env: TestEnvironment, port: number, options: Partial<PeerClientOptions> = {}): Promise<PeerClient> {
  const client = new PeerClient({
    self: SELF_CLIENT,
    peer: { id: 'node-1', host: '127.0.0.1', port },
    env,
    reconnect: { baseMs: 10, maxMs: 100 },
    ...options,
  })
  client.start()
  await waitFor(() => client.isConnected, `client connected to port ${port}`)
  return client
}

/** Fails when a socket, server or timer of the transport is still open: close must leave nothing running. */
export async function assertNothingLeftRunning(): Promise<void> {
  const leftovers = (): string[] =>
    process.getActiveResourcesInfo().filter((name) => ['TCPSocketWrap', 'TCPServerWrap', 'TCPWrap', 'Timeout'].includes(name))
  // Closed sockets release their handles within a turn or two of the event loop.
  await waitFor(() => leftovers().length === 0, `no open sockets or timers (still: ${leftovers().join(', ')})`, 5_000)
}
