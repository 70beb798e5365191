import { createServer, type Server, type Socket } from 'node:net'
import type { NodeIdentity, TransportEnvironment } from './environment.js'
import { DEFAULT_MAX_FRAME_BYTES, type Message, type MessageBody } from './frame-codec.js'
import { FrameConnection } from './frame-connection.js'
import { Listeners } from './listeners.js'
import { responseTypeOf } from './message-types.js'
import { RateLimitedWarnings } from './rate-limited-warnings.js'
import { unbracketed } from './socket-host.js'
import { errorToBody } from './transport-errors.js'

/** The node at the other end of an inbound connection. */
export interface InboundPeer {
  /** The `from` of its frames (learned from the first valid one). */
  readonly peerId: string
  readonly remoteAddress: string
}

/**
 * Handles one inbound message. Returning a body answers it with the table's response type and the
 * same id; returning undefined answers nothing (one-way traffic, or an answer sent later through
 * this node's own client). Throwing (or rejecting) answers a request with an `Error` frame that
 * carries the error's code, so a NornicError thrown here is rethrown, code and facts intact, by the
 * requester. Calls for one connection start in arrival order and may run alongside each other.
 */
export type MessageHandler = (message: Message, peer: InboundPeer) => MessageBody | undefined | Promise<MessageBody | undefined>

export interface TransportServerOptions {
  readonly self: NodeIdentity
  /** The address to listen on (NORNICDB_CLUSTER_BIND_ADDR); port 0 picks a free one. */
  readonly bind: { readonly host: string; readonly port: number }
  readonly env: TransportEnvironment
  readonly handler: MessageHandler
  /** Largest frame received or answered; defaults to 64 MiB. */
  readonly maxFrameBytes?: number
}

export interface TransportServerEvents extends Record<string, unknown> {
  /** An inbound connection sent its first valid frame, naming its node. */
  'peer-connected': InboundPeer
  /** An inbound connection whose node was known closed; for a follower, possibly its leader gone. */
  'peer-disconnected': InboundPeer
}

/**
 * The inbound side of the cluster port: listens on the bind address, reads frames from every
 * connection and hands each valid message to the handler. Whatever a peer sends, the worst it can
 * do is have its own connection closed.
 */
export class TransportServer {
  readonly #options: TransportServerOptions
  readonly #maxFrameBytes: number
  readonly #warnings: RateLimitedWarnings
  readonly #listeners: Listeners<TransportServerEvents>
  readonly #connections = new Set<FrameConnection>()
  #server: Server | undefined
  #address: { host: string; port: number } | undefined

  constructor(options: TransportServerOptions) {
    this.#options = options
    this.#maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES
    this.#warnings = new RateLimitedWarnings(options.env.logger, options.env.clock)
    this.#listeners = new Listeners((error, event) => {
      options.env.logger.warn({ err: error }, `a ${String(event)} listener of the cluster port threw`)
    })
  }

  /** The address actually listened on (with the real port when 0 was asked for); undefined before `listen`. */
  get address(): { host: string; port: number } | undefined {
    return this.#address
  }

  /** Open inbound connections. */
  get connectionCount(): number {
    return this.#connections.size
  }

  on<Event extends keyof TransportServerEvents>(event: Event, listener: (payload: TransportServerEvents[Event]) => void): () => void {
    return this.#listeners.on(event, listener)
  }

  /** Starts listening; rejects with the system error (EADDRINUSE, EACCES, ...) when it cannot. */
  async listen(): Promise<{ host: string; port: number }> {
    if (this.#server !== undefined) throw new Error('the cluster port is already listening')
    const server = createServer((socket) => this.#accept(socket))
    this.#server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.#options.bind.port, unbracketed(this.#options.bind.host), () => {
        server.off('error', reject)
        resolve()
      })
    }).catch((error: unknown) => {
      this.#server = undefined
      throw error
    })
    server.on('error', (error) => this.#options.env.logger.warn({ err: error }, 'the cluster port failed'))
    const bound = server.address()
    this.#address = typeof bound === 'object' && bound !== null
      ? { host: bound.address, port: bound.port }
      : { host: this.#options.bind.host, port: this.#options.bind.port }
    this.#options.env.logger.info({ address: this.#address }, `cluster port listening on ${this.#address.host}:${this.#address.port}`)
    return this.#address
  }

  /** Stops listening and closes every connection; resolves when all are closed. */
  async close(): Promise<void> {
    const server = this.#server
    this.#server = undefined
    const stopped = server === undefined ? Promise.resolve() : new Promise<void>((resolve) => server.close(() => resolve()))
    const connections = [...this.#connections]
    for (const connection of connections) connection.close()
    await Promise.all([stopped, ...connections.map((connection) => connection.closed)])
  }

  #accept(socket: Socket): void {
    let identified = false
    const connection: FrameConnection = new FrameConnection(socket, {
      self: this.#options.self,
      env: this.#options.env,
      warnings: this.#warnings,
      maxFrameBytes: this.#maxFrameBytes,
      onMessage: (message) => {
        if (!identified) {
          identified = true
          this.#listeners.emit('peer-connected', this.#peer(connection, message.from))
        }
        this.#dispatch(connection, message)
      },
      onClose: () => {
        this.#connections.delete(connection)
        const peerId = connection.peerId
        if (identified && peerId !== undefined) this.#listeners.emit('peer-disconnected', this.#peer(connection, peerId))
      },
    })
    this.#connections.add(connection)
    // A connection accepted while closing would outlive close(): shut it at once.
    if (this.#server === undefined) connection.close()
  }

  #peer(connection: FrameConnection, peerId: string): InboundPeer {
    return { peerId, remoteAddress: connection.remoteAddress }
  }

  #dispatch(connection: FrameConnection, message: Message): void {
    let answer: MessageBody | undefined | Promise<MessageBody | undefined>
    try {
      answer = this.#options.handler(message, this.#peer(connection, message.from))
    } catch (error) {
      this.#answerError(connection, message, error)
      return
    }
    if (answer instanceof Promise) {
      answer.then(
        (body) => this.#answer(connection, message, body),
        (error: unknown) => this.#answerError(connection, message, error),
      )
    } else {
      this.#answer(connection, message, answer)
    }
  }

  #answer(connection: FrameConnection, request: Message, body: MessageBody | undefined): void {
    if (body === undefined) return
    const type = responseTypeOf(request.type)
    if (type === undefined) {
      this.#warnings.warn(connection.peerLabel, { type: request.type }, `the handler answered ${request.type}, which takes no answer`)
      return
    }
    try {
      connection.write({ ...this.#envelope(request), type, body })
    } catch (error) {
      this.#answerError(connection, request, error)
    }
  }

  /** Answers a request with an `Error` frame; a one-way message has no one to tell, so it is only logged. */
  #answerError(connection: FrameConnection, request: Message, error: unknown): void {
    const body = errorToBody(error)
    if (body.code === 'Neo.DatabaseError.General.UnknownError') {
      this.#warnings.warn(connection.peerLabel, { err: error, type: request.type }, `handling ${request.type} from ${connection.peerLabel} failed`)
    }
    if (responseTypeOf(request.type) === undefined) return
    try {
      connection.write({ ...this.#envelope(request), type: 'Error', body })
    } catch {
      // The facts would not encode (too large, or not JSON): the code and the start of the message
      // still tell the requester. Should even that not fit, the request times out on its side.
      const brief = { code: body.code, message: body.message.slice(0, 500), facts: {} }
      try {
        connection.write({ ...this.#envelope(request), type: 'Error', body: brief })
      } catch {}
    }
  }

  #envelope(request: Message): Omit<Message, 'type' | 'body'> {
    return { id: request.id, from: this.#options.self.nodeId, cluster: this.#options.self.clusterId }
  }
}
