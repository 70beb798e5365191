import type { Settings } from '../config/index.js'
import { NornicError } from '../errors/index.js'
import type { NodeIdentity, TransportEnvironment } from './transport/environment.js'
import type { Message, MessageBody } from './transport/frame-codec.js'
import { TransportServer } from './transport/transport-server.js'

/** What the mode's replicator answers on the cluster port. */
export interface ClusterPortTarget {
  handleMessage(message: Message): MessageBody | undefined | Promise<MessageBody | undefined>
}

export interface ClusterPort {
  readonly server: TransportServer
  /** Hands frames to the replicator from now on; before this, requests are refused as still starting. */
  serve(target: ClusterPortTarget): void
  /** Listens on NORNICDB_CLUSTER_BIND_ADDR; a port that cannot be had is a ListenFailed naming it. */
  listen(): Promise<void>
  close(): Promise<void>
}

/**
 * The inbound side of a node's cluster port, built before the replicator that answers on it (the
 * replicator needs the server, the server's handler needs the replicator).
 */
export function createClusterPort(settings: Pick<Settings, 'bindAddr' | 'maxFrameBytes'>, self: NodeIdentity, env: TransportEnvironment): ClusterPort {
  let target: ClusterPortTarget | undefined
  const server = new TransportServer({
    self, env,
    bind: { host: settings.bindAddr.host, port: settings.bindAddr.port },
    maxFrameBytes: settings.maxFrameBytes,
    handler: (message) => {
      if (target === undefined) throw new Error('the node is still starting')
      return target.handleMessage(message)
    },
  })
  return {
    server,
    serve(next) {
      target = next
    },
    async listen() {
      try {
        await server.listen()
      } catch (error) {
        const { host, port } = settings.bindAddr
        throw new NornicError('Nornic.Node.ListenFailed', `cannot listen on the cluster port ${host}:${port} (NORNICDB_CLUSTER_BIND_ADDR): ${(error as Error).message}`, { port }, { cause: error })
      }
    },
    close: () => server.close(),
  }
}
