import { connect } from 'node:net'
import type { NodeIdentity, TransportEnvironment } from './environment.js'
import { DEFAULT_MAX_FRAME_BYTES, type Message, type MessageBody } from './frame-codec.js'
import { FrameConnection } from './frame-connection.js'
import { Listeners } from './listeners.js'
import type { MessageTypeName, RequestTypeName } from './message-types.js'
import { PendingRequests } from './pending-requests.js'
import { RateLimitedWarnings } from './rate-limited-warnings.js'
import { unbracketed } from './socket-host.js'
import { checkReconnectBackoff, reconnectDelayMs, type ReconnectBackoff } from './reconnect-backoff.js'
import { peerUnavailable } from './transport-errors.js'

/** A peer as this node dials it: its advertised cluster address, and its node id when known. */
export interface PeerEndpoint {
  /** When set, frames from any other node close the connection (reason wrong_peer). */
  readonly id?: string
  readonly host: string
  readonly port: number
}

export interface PeerClientOptions {
  readonly self: NodeIdentity
  readonly peer: PeerEndpoint
  readonly env: TransportEnvironment
  /** Largest frame sent or received; defaults to 64 MiB. */
  readonly maxFrameBytes?: number
  /** How long `request` waits for an answer unless the call says otherwise; defaults to 5 s. */
  readonly requestTimeoutMs?: number
  /** How long one connect attempt may take; defaults to 5 s. */
  readonly connectTimeoutMs?: number
  /** Defaults to 100 ms doubling up to 10 s. */
  readonly reconnect?: ReconnectBackoff
  /**
   * Messages from the peer that answer no waiting request: answers to one-way sends, and answers
   * that came after their request timed out. Default: dropped.
   */
  readonly onMessage?: (message: Message) => void
}

export interface PeerConnectionEvent {
  /** The peer's node id: the configured one, else the one its frames gave, else its address. */
  readonly peer: string
  readonly address: string
}

export interface PeerClientEvents extends Record<string, unknown> {
  connected: PeerConnectionEvent
  /** The connection was lost (or never came up after `connected`); every waiting request has been rejected. */
  disconnected: PeerConnectionEvent
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000
export const DEFAULT_RECONNECT_BACKOFF: ReconnectBackoff = { baseMs: 100, maxMs: 10_000 }

type ClientState = 'idle' | 'connecting' | 'connected' | 'waiting' | 'closed'

/**
 * The outbound side of the cluster port towards one peer. It keeps one connection up, reconnecting
 * with exponential backoff and jitter, and carries two kinds of traffic on it: one-way `send`
 * (most Raft messages) and `request`, which waits for the answer with the same id. Many requests
 * may be in flight at once.
 *
 * Neither waits for a connection: while the peer is down, `send` drops and `request` fails at
 * once with Nornic.Cluster.PeerUnavailable. Raft retries on its own schedule; a forwarded write
 * should fail fast rather than hold its client while the peer is gone.
 */
export class PeerClient {
  readonly #options: PeerClientOptions
  readonly #self: NodeIdentity
  readonly #maxFrameBytes: number
  readonly #backoff: ReconnectBackoff
  readonly #warnings: RateLimitedWarnings
  readonly #listeners: Listeners<PeerClientEvents>
  readonly #pending: PendingRequests
  #state: ClientState = 'idle'
  #connection: FrameConnection | undefined
  #connectedAtMs: number | undefined
  #reconnectTimer: NodeJS.Timeout | undefined
  /** Consecutive attempts that did not reach a working connection; drives the backoff. */
  #failedAttempts = 0
  #nextId = 1

  constructor(options: PeerClientOptions) {
    this.#options = options
    this.#self = options.self
    this.#maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES
    this.#backoff = options.reconnect ?? DEFAULT_RECONNECT_BACKOFF
    checkReconnectBackoff(this.#backoff)
    this.#warnings = new RateLimitedWarnings(options.env.logger, options.env.clock)
    this.#listeners = new Listeners((error, event) => {
      options.env.logger.warn({ err: error, peer: this.peerLabel }, `a ${String(event)} listener for peer ${this.peerLabel} threw`)
    })
    this.#pending = new PendingRequests(this.peerLabel)
  }

  /** The configured id, else the id the peer's frames gave, else host:port. */
  get peerLabel(): string {
    return this.#options.peer.id ?? this.#connection?.peerId ?? this.address
  }

  get address(): string {
    return `${this.#options.peer.host}:${this.#options.peer.port}`
  }

  get isConnected(): boolean {
    return this.#state === 'connected'
  }

  /** Requests sent and not yet answered, timed out or rejected. */
  get pendingRequests(): number {
    return this.#pending.size
  }

  on<Event extends keyof PeerClientEvents>(event: Event, listener: (payload: PeerClientEvents[Event]) => void): () => void {
    return this.#listeners.on(event, listener)
  }

  /** Starts connecting; a client that was closed stays closed. */
  start(): void {
    if (this.#state !== 'idle') return
    this.#connect()
  }

  /**
   * Sends one message that expects no answer (or whose answer arrives through `onMessage`).
   * Returns false when the peer is not connected and the message was dropped. Throws
   * Neo.ClientError.Request.EntityTooLarge when the message exceeds the frame limit.
   */
  send(type: MessageTypeName, body: MessageBody): boolean {
    const connection = this.#connection
    if (this.#state !== 'connected' || connection === undefined) return false
    return connection.write(this.#message(type, body))
  }

  /**
   * Sends a request and resolves with its answer (of the table's response type). Rejects with
   * Nornic.Cluster.PeerUnavailable when not connected or when the connection closes first,
   * Nornic.Cluster.RequestTimeout after the timeout, the peer's own coded error when it answered
   * with one, Nornic.Cluster.ProtocolError for an answer of the wrong type.
   */
  async request(type: RequestTypeName, body: MessageBody, options: { timeoutMs?: number } = {}): Promise<Message> {
    const connection = this.#connection
    if (this.#state !== 'connected' || connection === undefined) {
      throw peerUnavailable(this.peerLabel, this.#state === 'closed' ? 'this client is closed' : `not connected to ${this.address}`)
    }
    const message = this.#message(type, body)
    const answered = this.#pending.add(message.id, type, options.timeoutMs ?? this.#options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS)
    try {
      connection.write(message)
    } catch (error) {
      // Never sent (too large for a frame): drop the entry, which then never settles.
      this.#pending.forget(message.id)
      throw error
    }
    return answered
  }

  /** Stops reconnecting, closes the connection and rejects every waiting request; leaves no timer behind. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return
    this.#state = 'closed'
    clearTimeout(this.#reconnectTimer)
    this.#reconnectTimer = undefined
    const connection = this.#connection
    this.#pending.rejectAll(peerUnavailable(this.peerLabel, 'this client is closed'))
    if (connection !== undefined) {
      connection.close()
      await connection.closed
    }
  }

  #isClosed(): boolean {
    return this.#state === 'closed'
  }

  #message(type: MessageTypeName, body: MessageBody): Message {
    const id = this.#nextId
    this.#nextId += 1
    return { type, id, from: this.#self.nodeId, cluster: this.#self.clusterId, body }
  }

  #connect(): void {
    this.#state = 'connecting'
    const { host, port } = this.#options.peer
    const socket = connect({ host: unbracketed(host), port })
    const connectTimeoutMs = this.#options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
    socket.setTimeout(connectTimeoutMs, () => socket.destroy(new Error(`connect timed out after ${connectTimeoutMs} ms`)))
    let lastError: unknown
    socket.on('error', (error) => {
      lastError = error
    })
    const connection = new FrameConnection(socket, {
      self: this.#self,
      env: this.#options.env,
      warnings: this.#warnings,
      maxFrameBytes: this.#maxFrameBytes,
      ...(this.#options.peer.id === undefined ? {} : { peerId: this.#options.peer.id }),
      onMessage: (message) => this.#receive(message),
      onClose: () => this.#lost(connection, lastError),
    })
    this.#connection = connection
    socket.once('connect', () => {
      socket.setTimeout(0)
      if (this.#state !== 'connecting') return
      this.#state = 'connected'
      this.#connectedAtMs = this.#options.env.clock.now()
      this.#options.env.logger.info({ peer: this.peerLabel, address: this.address }, `connected to peer ${this.peerLabel} at ${this.address}`)
      this.#listeners.emit('connected', { peer: this.peerLabel, address: this.address })
    })
  }

  #receive(message: Message): void {
    // A valid frame proves the peer speaks this protocol in this cluster: back off from scratch next time.
    this.#failedAttempts = 0
    if (this.#pending.settle(message)) return
    this.#options.onMessage?.(message)
  }

  #lost(connection: FrameConnection, error: unknown): void {
    if (this.#connection !== connection) return
    const wasConnected = this.#state === 'connected'
    this.#pending.rejectAll(peerUnavailable(this.peerLabel, `connection to ${this.address} closed`))
    if (this.#state === 'closed') return
    if (wasConnected) {
      const upMs = this.#options.env.clock.now() - (this.#connectedAtMs ?? 0)
      if (upMs >= this.#backoff.maxMs) this.#failedAttempts = 0
      this.#options.env.logger.info({ peer: this.peerLabel, address: this.address }, `connection to peer ${this.peerLabel} at ${this.address} closed`)
      this.#listeners.emit('disconnected', { peer: this.peerLabel, address: this.address })
      // A listener may have closed this client.
      if (this.#isClosed()) return
    } else {
      const reason = error instanceof Error ? error.message : 'connection closed'
      this.#warnings.warn(this.peerLabel, { address: this.address, reason }, `cannot connect to peer ${this.peerLabel} at ${this.address}: ${reason}`)
    }
    this.#state = 'waiting'
    const delayMs = reconnectDelayMs(this.#failedAttempts, this.#backoff, this.#options.env.random)
    this.#failedAttempts += 1
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined
      if (this.#state === 'waiting') this.#connect()
    }, delayMs)
  }
}
