/**
 * A TCP relay on 127.0.0.1 that carries one cluster link (node A dialling node B), so a drill can
 * partition live processes: `cut()` drops every relayed connection and refuses new ones until
 * `heal()`. A refused connection looks to the node like a peer that is down, which is what a
 * network partition looks like from inside.
 */
import { connect, createServer, type Server, type Socket } from 'node:net'

const HOST = '127.0.0.1'

export class TcpProxy {
  readonly #server: Server
  readonly #sockets = new Set<Socket>()
  #cut = false
  #port = 0

  private constructor(private readonly targetPort: number) {
    this.#server = createServer((client) => this.#relay(client))
  }

  /** Listens on a port the OS picks and relays to `targetPort` on 127.0.0.1. */
  static async start(targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetPort)
    await new Promise<void>((resolve, reject) => {
      proxy.#server.once('error', reject)
      proxy.#server.listen(0, HOST, () => resolve())
    })
    const address = proxy.#server.address()
    if (address === null || typeof address !== 'object') throw new Error('the relay has no port')
    proxy.#port = address.port
    return proxy
  }

  get port(): number {
    return this.#port
  }

  get address(): string {
    return `${HOST}:${this.#port}`
  }

  get isCut(): boolean {
    return this.#cut
  }

  cut(): void {
    this.#cut = true
    for (const socket of this.#sockets) socket.destroy()
  }

  heal(): void {
    this.#cut = false
  }

  async close(): Promise<void> {
    this.cut()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  #relay(client: Socket): void {
    if (this.#cut) {
      client.destroy()
      return
    }
    const upstream = connect({ host: HOST, port: this.targetPort })
    for (const socket of [client, upstream]) {
      // The nodes' own sockets send at once; the relay must not add Nagle's delay.
      socket.setNoDelay(true)
      this.#sockets.add(socket)
      socket.on('close', () => this.#sockets.delete(socket))
      // A reset on one side ends both; the error itself is the partition working, not a fault.
      socket.on('error', () => undefined)
    }
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
    client.pipe(upstream)
    upstream.pipe(client)
  }
}

/** One relay per ordered pair of nodes, so every link touching one node can be cut alone. */
export class LinkProxies {
  private constructor(private readonly links: ReadonlyMap<string, TcpProxy>) {}

  /** `targets` maps each node id to the port of its cluster listener. */
  static async start(targets: ReadonlyMap<string, number>): Promise<LinkProxies> {
    const links = new Map<string, TcpProxy>()
    try {
      for (const from of targets.keys()) {
        for (const [to, port] of targets) if (from !== to) links.set(LinkProxies.#key(from, to), await TcpProxy.start(port))
      }
    } catch (error) {
      await Promise.all([...links.values()].map((link) => link.close()))
      throw error
    }
    return new LinkProxies(links)
  }

  static #key(from: string, to: string): string {
    return `${from}\u0000${to}`
  }

  /** The address `from` dials to reach `to`. */
  addressFor(from: string, to: string): string {
    const link = this.links.get(LinkProxies.#key(from, to))
    if (link === undefined) throw new Error(`no link from ${from} to ${to}`)
    return link.address
  }

  /** Cuts every link to and from `node`; the others keep talking. */
  isolate(node: string): void {
    for (const [key, link] of this.links) if (key.split('\u0000').includes(node)) link.cut()
  }

  healAll(): void {
    for (const link of this.links.values()) link.heal()
  }

  async close(): Promise<void> {
    await Promise.all([...this.links.values()].map((link) => link.close()))
  }
}
