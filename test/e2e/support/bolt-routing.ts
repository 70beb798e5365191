import neo4j, { type Driver } from 'neo4j-driver'
import { call } from './http.js'
import type { NornicNode } from './nornic-process.js'
import { waitFor } from './wait-for.js'

export const BOLT_AUTH = neo4j.auth.basic('admin', 'admin')

export const boltAddress = (node: NornicNode): string => `127.0.0.1:${node.ports.bolt}`

/**
 * Waits until every node names the Bolt address of each of its peers in /health, as ROUTE needs,
 * and sees each healthy (connected), as a QUORUM read on a standby or follower needs.
 */
export async function waitForBoltAddresses(nodes: readonly NornicNode[], timeoutMs = 30_000): Promise<void> {
  await waitFor('every node to know the Bolt address of each peer and see it healthy', async () => {
    for (const node of nodes) {
      const peers = (await call(node.httpUrl, '/health')).json?.replication?.peers as { boltAddress?: string; healthy?: boolean }[] | undefined
      if (peers === undefined || peers.length !== nodes.length - 1 || peers.some((peer) => peer.boltAddress === undefined || peer.healthy !== true)) return undefined
    }
    return true
  }, timeoutMs)
}

/** A routing driver as the guide builds one: neo4j://, with a resolver listing every member. */
export function routingDriver(nodes: readonly NornicNode[], config: { maxConnectionPoolSize?: number } = {}): Driver {
  return neo4j.driver(`neo4j://${boltAddress(nodes[0]!)}`, BOLT_AUTH, { ...config, resolver: () => nodes.map(boltAddress) })
}
