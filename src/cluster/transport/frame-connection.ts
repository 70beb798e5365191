import type { Socket } from 'node:net'
import type { NodeIdentity, TransportEnvironment } from './environment.js'
import { encodeFrame, FRAME_HEADER_BYTES, readMessage, type Message, type RejectReason } from './frame-codec.js'
import { FrameDecoder } from './frame-decoder.js'
import type { RateLimitedWarnings } from './rate-limited-warnings.js'
import { frameTooLarge } from './transport-errors.js'

/** How long a silent connection may go unprobed by TCP keep-alive. */
const KEEP_ALIVE_DELAY_MS = 10_000

export interface FrameConnectionOptions {
  readonly self: NodeIdentity
  readonly env: TransportEnvironment
  readonly warnings: RateLimitedWarnings
  readonly maxFrameBytes: number
  /** The node expected at the other end; when unset, the first valid frame's `from` fixes it. */
  readonly peerId?: string
  /** Every valid message, in arrival order. May throw: it is logged and the connection lives on. */
  readonly onMessage: (message: Message) => void
  /** Called once, when the socket has closed for whatever reason. */
  readonly onClose: () => void
}

/**
 * One TCP connection speaking frames, either side of it. It cuts the stream into messages and
 * checks each one; the first bad frame (oversized, malformed, of the wrong shape, type, cluster or
 * peer) is counted, logged at most once a minute per peer, and closes this connection only.
 */
export class FrameConnection {
  readonly #socket: Socket
  readonly #options: FrameConnectionOptions
  readonly #decoder: FrameDecoder
  readonly #closed: Promise<void>
  #peerId: string | undefined
  #isClosed = false
  #remote: { host: string; port: number } | undefined
  #corked = false

  constructor(socket: Socket, options: FrameConnectionOptions) {
    this.#socket = socket
    this.#options = options
    this.#decoder = new FrameDecoder(options.maxFrameBytes)
    this.#peerId = options.peerId
    socket.setNoDelay(true)
    socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS)
    // A socket error is always followed by 'close', where the connection is torn down; it only
    // needs a listener so that it is not thrown.
    socket.on('error', () => undefined)
    socket.on('data', (chunk: Buffer) => this.#receive(chunk))
    // An accepted socket knows its peer already; a dialled one once it has connected.
    this.#noteRemote()
    socket.once('connect', () => this.#noteRemote())
    this.#closed = new Promise((resolve) => {
      socket.once('close', () => {
        this.#isClosed = true
        try {
          options.onClose()
        } finally {
          resolve()
        }
      })
    })
  }

  /** The node at the other end, once known. */
  get peerId(): string | undefined {
    return this.#peerId
  }

  /** The peer for logs and rate limits: its node id once known, its address before. */
  get peerLabel(): string {
    return this.#peerId ?? this.remoteHost
  }

  get remoteHost(): string {
    return this.#remote?.host ?? 'unknown'
  }

  /** host:port of the other end; kept after close, when the socket no longer knows it. */
  get remoteAddress(): string {
    return this.#remote === undefined ? 'unknown' : `${this.#remote.host}:${this.#remote.port}`
  }

  #noteRemote(): void {
    const { remoteAddress, remotePort } = this.#socket
    if (remoteAddress !== undefined && remotePort !== undefined) this.#remote = { host: remoteAddress, port: remotePort }
  }

  get isClosed(): boolean {
    return this.#isClosed || this.#socket.destroyed
  }

  /** Resolves once the socket has closed and `onClose` has run. */
  get closed(): Promise<void> {
    return this.#closed
  }

  /**
   * Queues one message. Returns false when the connection is closed (the message is dropped);
   * throws Neo.ClientError.Request.EntityTooLarge when it would exceed the frame limit.
   */
  write(message: Message): boolean {
    if (this.isClosed) return false
    const frame = encodeFrame(message)
    const payloadBytes = frame.length - FRAME_HEADER_BYTES
    if (payloadBytes > this.#options.maxFrameBytes) throw frameTooLarge(message.type, payloadBytes, this.#options.maxFrameBytes)
    // Frames written in one turn of the event loop leave in one system call: with many requests
    // in flight this is most of the throughput, and a lone frame waits for nothing.
    if (!this.#corked) {
      this.#corked = true
      this.#socket.cork()
      process.nextTick(() => {
        this.#corked = false
        this.#socket.uncork()
      })
    }
    this.#socket.write(frame)
    return true
  }

  close(): void {
    this.#socket.destroy()
  }

  #receive(chunk: Buffer): void {
    const { payloads, oversizedBytes } = this.#decoder.push(chunk)
    for (const payload of payloads) {
      if (this.isClosed) return
      const result = readMessage(payload, this.#options.self.clusterId)
      if (!result.ok) return this.#reject(result.reason, result.detail)
      const { message } = result
      if (this.#peerId !== undefined && message.from !== this.#peerId) {
        return this.#reject('wrong_peer', `frame from "${message.from.slice(0, 100)}" on the connection of ${this.#peerId}`)
      }
      this.#peerId = message.from
      this.#deliver(message)
    }
    if (oversizedBytes !== undefined) {
      this.#reject('oversized', `frame of ${oversizedBytes} bytes is over the limit of ${this.#options.maxFrameBytes}`)
    }
  }

  #deliver(message: Message): void {
    try {
      this.#options.onMessage(message)
    } catch (error) {
      this.#options.warnings.warn(this.peerLabel, { err: error, type: message.type }, `handling ${message.type} from ${this.peerLabel} failed`)
    }
  }

  #reject(reason: RejectReason, detail: string): void {
    this.#options.env.metrics.rejectedFrame(reason)
    this.#options.warnings.warn(
      this.peerLabel,
      { reason, detail, remoteAddress: this.remoteAddress },
      `closed cluster connection from ${this.peerLabel}: ${reason}`,
    )
    this.close()
  }
}
