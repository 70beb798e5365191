import { NornicError } from '../../../errors/index.js'
import type { Message, NodeId } from '../types.js'
import type { RaftTransport, RaftTransportHandlers, SnapshotChunk } from './raft-transport.js'

/**
 * The in-memory twin of the cluster port for driver tests: every node of one network reaches the
 * others by id. Delivery is asynchronous (a later turn of the event loop) and in order, like one
 * TCP connection; `disconnect` cuts a node off both ways and tells its peers, as a closed
 * connection would.
 */
export class MemoryRaftNetwork {
  readonly #nodes = new Map<NodeId, MemoryRaftTransport>()
  readonly #cut = new Set<NodeId>()
  /** Messages sent, by core type, for tests that count traffic. */
  readonly sent = new Map<string, number>()

  transport(id: NodeId): MemoryRaftTransport {
    const transport = new MemoryRaftTransport(id, this)
    this.#nodes.set(id, transport)
    return transport
  }

  /** Cuts `id` off: what it sends and what is sent to it is dropped; its peers see it disconnect. */
  disconnect(id: NodeId): void {
    this.isolate(id)
    for (const other of this.#nodes.keys()) {
      if (other === id) continue
      this.reportDisconnect(other, id)
      this.reportDisconnect(id, other)
    }
  }

  /** Cuts `id` off silently, as a network partition does before any connection times out. */
  isolate(id: NodeId): void {
    this.#cut.add(id)
  }

  /** Tells `at` that its connection to `peer` closed. */
  reportDisconnect(at: NodeId, peer: NodeId): void {
    this.#nodes.get(at)?.peerDisconnected(peer)
  }

  reconnect(id: NodeId): void {
    this.#cut.delete(id)
  }

  /** @internal */
  route(from: NodeId, to: NodeId): MemoryRaftTransport | undefined {
    if (this.#cut.has(from) || this.#cut.has(to)) return undefined
    return this.#nodes.get(to)
  }

  /** @internal */
  count(type: string): void {
    this.sent.set(type, (this.sent.get(type) ?? 0) + 1)
  }
}

export class MemoryRaftTransport implements RaftTransport {
  #handlers: RaftTransportHandlers | undefined

  constructor(
    readonly id: NodeId,
    private readonly network: MemoryRaftNetwork,
  ) {}

  async start(handlers: RaftTransportHandlers): Promise<void> {
    this.#handlers = handlers
  }

  send(message: Message): void {
    this.network.count(message.type)
    const target = this.network.route(this.id, message.to)
    // A copy through JSON, as on the wire: no object is shared between nodes.
    const copy = JSON.parse(JSON.stringify(message)) as Message
    if (target !== undefined) setImmediate(() => target.#handlers?.message(copy))
  }

  async sendSnapshotChunk(chunk: SnapshotChunk): Promise<void> {
    this.network.count('snapshotChunk')
    const target = this.network.route(this.id, chunk.to)
    const handlers = target === undefined ? undefined : target.#handlers
    if (handlers === undefined) throw new NornicError('Nornic.Cluster.PeerUnavailable', `peer ${chunk.to} is unavailable`, { peer: chunk.to })
    await new Promise((resolve) => setImmediate(resolve))
    await handlers.snapshotChunk(JSON.parse(JSON.stringify(chunk)) as SnapshotChunk)
  }

  /** @internal */
  peerDisconnected(peer: NodeId): void {
    const handlers = this.#handlers
    if (handlers !== undefined) setImmediate(() => handlers.peerDisconnected(peer))
  }

  async close(): Promise<void> {
    this.#handlers = undefined
  }
}
