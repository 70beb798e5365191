import { createServer } from 'node:net'
import { NornicError } from '../../errors/index.js'
import { localClusterPorts } from './local-cluster-plan.js'

/** Whether 127.0.0.1:`port` could be listened on a moment ago. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.unref()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/**
 * A base port whose block (HTTP, Bolt, cluster ports of every node) was free a moment ago. It is
 * drawn below Linux's default ephemeral range (32768 up), where outgoing connections would take
 * ports between the check and the nodes' start.
 */
export async function freeBasePort(nodes: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 12_000)
    if ((await Promise.all(localClusterPorts(base, nodes).map(portIsFree))).every(Boolean)) return base
  }
  throw new NornicError('Nornic.Node.ListenFailed', `found no free block of ports for ${nodes} local nodes`)
}
