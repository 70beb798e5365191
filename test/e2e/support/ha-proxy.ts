import { connect, createServer, type Server, type Socket } from 'node:net'

/**
 * A TCP relay on 127.0.0.1 towards one node's cluster port, so a test can cut the link between two
 * live processes: `cut()` drops every relayed connection and refuses new ones until `heal()`.
 */
export class LinkProxy {
  readonly #sockets = new Set<Socket>()
  readonly #server: Server
  #cut = false
  #port = 0

  private constructor(private readonly targetPort: number) {
    this.#server = createServer((client) => this.#relay(client))
  }

  static async start(targetPort: number): Promise<LinkProxy> {
    const proxy = new LinkProxy(targetPort)
    await new Promise<void>((resolve, reject) => {
      proxy.#server.once('error', reject)
      proxy.#server.listen(0, '127.0.0.1', () => resolve())
    })
    const address = proxy.#server.address()
    if (address === null || typeof address !== 'object') throw new Error('the proxy has no port')
    proxy.#port = address.port
    return proxy
  }

  get port(): number {
    return this.#port
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
    const upstream = connect({ host: '127.0.0.1', port: this.targetPort })
    for (const socket of [client, upstream]) {
      // A relay must not add Nagle delays the nodes' own sockets do not have.
      socket.setNoDelay(true)
      this.#sockets.add(socket)
      socket.on('close', () => this.#sockets.delete(socket))
      socket.on('error', () => undefined)
    }
    client.pipe(upstream)
    upstream.pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  }
}
