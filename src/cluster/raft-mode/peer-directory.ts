import type { PeerClient } from '../transport/peer-client.js'

/** Dials a peer at `address` (host:port); the node chooses the real client and its settings. */
export type PeerDialer = (id: string, address: string) => PeerClient

/**
 * The node's outbound connections, one per member it knows an address for. Raft traffic, forwarded
 * writes and forwarded admin operations share them. A member is dialled when its address becomes
 * known and hung up when it leaves the membership.
 */
export class PeerDirectory {
  readonly #dial: PeerDialer
  readonly #clients = new Map<string, { readonly address: string; readonly client: PeerClient }>()
  readonly #onAdded: ((id: string, client: PeerClient) => void)[] = []
  readonly #onRemoved: ((id: string) => void)[] = []
  #started = false
  #closed = false

  constructor(dial: PeerDialer) {
    this.#dial = dial
  }

  /** Called for every client added from now on. */
  onAdded(listener: (id: string, client: PeerClient) => void): void {
    this.#onAdded.push(listener)
  }

  onRemoved(listener: (id: string) => void): void {
    this.#onRemoved.push(listener)
  }

  client(id: string): PeerClient | undefined {
    return this.#clients.get(id)?.client
  }

  clients(): ReadonlyMap<string, PeerClient> {
    return new Map([...this.#clients].map(([id, { client }]) => [id, client]))
  }

  isConnected(id: string): boolean {
    return this.#clients.get(id)?.client.isConnected ?? false
  }

  /** Dials `id` at `address`, replacing a client to an older address; connects once started. */
  set(id: string, address: string): void {
    if (this.#closed) return
    const known = this.#clients.get(id)
    if (known?.address === address) return
    if (known !== undefined) this.remove(id)
    const client = this.#dial(id, address)
    this.#clients.set(id, { address, client })
    for (const listener of this.#onAdded) listener(id, client)
    if (this.#started) client.start()
  }

  remove(id: string): void {
    const known = this.#clients.get(id)
    if (known === undefined) return
    this.#clients.delete(id)
    for (const listener of this.#onRemoved) listener(id)
    void known.client.close()
  }

  start(): void {
    this.#started = true
    for (const { client } of this.#clients.values()) client.start()
  }

  async close(): Promise<void> {
    this.#closed = true
    const clients = [...this.#clients.values()]
    this.#clients.clear()
    await Promise.all(clients.map(({ client }) => client.close()))
  }
}
