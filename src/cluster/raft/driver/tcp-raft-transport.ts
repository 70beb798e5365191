import { NornicError } from '../../../errors/index.js'
import type { TransportLogger } from '../../transport/environment.js'
import type { Message as Frame, MessageBody } from '../../transport/frame-codec.js'
import type { MessageTypeName } from '../../transport/message-types.js'
import type { PeerClient } from '../../transport/peer-client.js'
import type { Message, NodeId } from '../types.js'
import type { RaftTransport, RaftTransportHandlers, SnapshotChunk } from './raft-transport.js'
import { decodeChunkBody, decodeRaftBody, encodeChunkBody, encodeRaftBody, isRaftWireType, wireTypeOf } from './wire.js'

export interface TcpRaftTransportOptions {
  readonly self: NodeId
  /** The outbound client of every peer at start, started and closed by their owner (the node). */
  readonly peers: ReadonlyMap<NodeId, PeerClient>
  readonly logger: TransportLogger
  /** How long one snapshot chunk may wait for its acknowledgement; defaults to 30 s. */
  readonly chunkTimeoutMs?: number
}

const DEFAULT_CHUNK_TIMEOUT_MS = 30_000

/**
 * Raft over the cluster port. Outbound, each message goes one-way on this node's own connection
 * to the peer; inbound, the node's transport server hands every Raft frame to `handleFrame`
 * (the server has one handler for all traffic, so the node routes Raft types here with
 * `handlesType`). The peers' clients belong to the node, which shares them with write forwarding.
 */
export class TcpRaftTransport implements RaftTransport {
  readonly #options: TcpRaftTransportOptions
  readonly #peers = new Map<NodeId, { client: PeerClient; unsubscribe: () => void }>()
  #handlers: RaftTransportHandlers | undefined

  constructor(options: TcpRaftTransportOptions) {
    this.#options = options
    for (const [id, client] of options.peers) this.addPeer(id, client)
  }

  async start(handlers: RaftTransportHandlers): Promise<void> {
    this.#handlers = handlers
  }

  /** Sends to `id` through `client` from now on (a member added to the cluster); replaces any earlier client. */
  addPeer(id: NodeId, client: PeerClient): void {
    this.removePeer(id)
    const unsubscribe = client.on('disconnected', () => this.#handlers?.peerDisconnected(id))
    this.#peers.set(id, { client, unsubscribe })
  }

  /** Stops sending to `id` (a member removed); its client stays its owner's to close. */
  removePeer(id: NodeId): void {
    this.#peers.get(id)?.unsubscribe()
    this.#peers.delete(id)
  }

  /**
   * Reports a closed inbound connection from `peer` (the transport server's 'peer-disconnected'),
   * which, from the leader, is as telling as the outbound one closing.
   */
  peerDisconnected(peer: NodeId): void {
    this.#handlers?.peerDisconnected(peer)
  }

  send(message: Message): void {
    const client = this.#peers.get(message.to)?.client
    if (client === undefined) return
    try {
      client.send(wireTypeOf(message), encodeRaftBody(message))
    } catch (error) {
      // Too large for a frame: the core sends less next time only if told; log it, Raft retries.
      this.#options.logger.warn({ err: error, to: message.to, type: message.type }, `${this.#options.self} could not send ${message.type} to ${message.to}`)
    }
  }

  async sendSnapshotChunk(chunk: SnapshotChunk): Promise<void> {
    const client = this.#peers.get(chunk.to)?.client
    if (client === undefined) throw new NornicError('Nornic.Cluster.PeerUnavailable', `${chunk.to} is not a known peer`, { peer: chunk.to })
    await client.request('InstallSnapshot', encodeChunkBody(chunk), { timeoutMs: this.#options.chunkTimeoutMs ?? DEFAULT_CHUNK_TIMEOUT_MS })
  }

  /** Whether the node should route frames of this type here. */
  handlesType(type: MessageTypeName): boolean {
    return type === 'InstallSnapshot' || isRaftWireType(type)
  }

  /**
   * Handles one inbound Raft frame (the node's transport handler calls it). Raft messages get no
   * answer on the connection; a snapshot chunk is answered once it is durable. A malformed body
   * throws, which answers a request with an error and is logged for a one-way message.
   */
  handleFrame(frame: Frame): MessageBody | undefined | Promise<MessageBody | undefined> {
    const handlers = this.#handlers
    if (frame.type === 'InstallSnapshot') {
      const chunk = decodeChunkBody(frame.from, frame.body)
      if (typeof chunk === 'string') throw new NornicError('Nornic.Cluster.ProtocolError', chunk, { peer: frame.from })
      if (handlers === undefined) throw new NornicError('Neo.TransientError.General.DatabaseUnavailable', 'the raft engine is not running')
      return handlers.snapshotChunk(chunk).then(() => ({}))
    }
    const message = decodeRaftBody(frame.type, frame.from, frame.body)
    if (typeof message === 'string') throw new NornicError('Nornic.Cluster.ProtocolError', message, { peer: frame.from })
    handlers?.message(message)
    return undefined
  }

  async close(): Promise<void> {
    this.#handlers = undefined
    for (const id of [...this.#peers.keys()]) this.removePeer(id)
  }
}
