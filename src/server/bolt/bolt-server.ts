import { createServer, type Socket } from 'node:net'
import { NornicError } from '../../errors/index.js'
import { IdBlocks } from '../../graph/id-blocks.js'
import { BoltConnection, type BoltLogger } from './bolt-connection.js'
import type { BoltBackend, BoltCounters } from './bolt-session.js'

/** How long a transaction waits for the node to apply its bookmarks; Neo4j's default too. */
export const BOOKMARK_TIMEOUT_MS_DEFAULT = 30_000

export interface BoltServerOptions extends Omit<BoltBackend, 'bookmarkTimeoutMs' | 'counters' | 'ids'> {
  readonly bookmarkTimeoutMs?: number
  readonly logger: BoltLogger
  readonly host: string
  /** 0 picks a free port (tests). */
  readonly port: number
}

export interface BoltServer {
  /** The port the server listens on (the one the OS picked when asked for 0). */
  readonly port: number
  /** What the server has counted since it started; read it, do not change it. */
  readonly counters: Readonly<BoltCounters>
  /** Stops taking connections and closes the open ones. */
  close(): Promise<void>
}

/** Listens for Bolt clients; rejects with Nornic.Node.ListenFailed when the port cannot be had. */
export async function startBoltServer(options: BoltServerOptions): Promise<BoltServer> {
  const { logger, host, port, ...backendOptions } = options
  const counters: BoltCounters = { routeRequests: 0 }
  const ids = new IdBlocks((reservation) => options.replicator.propose({ statements: [], reserveIds: reservation }))
  const backend: BoltBackend = { ...backendOptions, ids, bookmarkTimeoutMs: options.bookmarkTimeoutMs ?? BOOKMARK_TIMEOUT_MS_DEFAULT, counters }
  const sockets = new Set<Socket>()
  let connections = 0
  const server = createServer((socket) => {
    connections += 1
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    new BoltConnection(socket, backend, `bolt-${connections}`, logger)
  })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    throw new NornicError('Nornic.Node.ListenFailed', `cannot listen for Bolt on ${host}:${port}: ${(error as Error).message}`, { port }, { cause: error })
  }
  server.on('error', (error) => logger.warn({ err: error }, `bolt listener error: ${error.message}`))
  const address = server.address()
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    counters,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      await closed
    },
  }
}
