import type { ReplicationStatus } from '../../cluster/replicator.js'
import type { PackMap } from './packstream.js'

/** How long a driver may keep a routing table before asking again. */
export const ROUTING_TTL_SECONDS = 300

export interface RoutingTable {
  readonly ttlSeconds: number
  readonly writers: readonly string[]
  readonly readers: readonly string[]
  readonly routers: readonly string[]
}

/**
 * The routing table a ROUTE answer carries, from the replication status and this node's Bolt
 * address. A standalone node (or a leader or primary) is writer, reader and router at once. This is
 * the seam for the cluster modes: once members carry their Bolt addresses, WRITE becomes the leader
 * or primary, READ the followers or the standby (plus the leader when it is alone), ROUTE every
 * member. Until then a node that does not take writes names no writer, so a routing driver does not
 * send writes to it.
 */
export function routingTableFor(status: Pick<ReplicationStatus, 'isLeader'>, selfAddress: string): RoutingTable {
  return {
    ttlSeconds: ROUTING_TTL_SECONDS,
    writers: status.isLeader ? [selfAddress] : [],
    readers: [selfAddress],
    routers: [selfAddress],
  }
}

export function routingTableMetadata(table: RoutingTable, database: string): PackMap {
  const servers = [
    { addresses: [...table.writers], role: 'WRITE' },
    { addresses: [...table.readers], role: 'READ' },
    { addresses: [...table.routers], role: 'ROUTE' },
  ].filter((server) => server.addresses.length > 0)
  return { rt: { ttl: BigInt(table.ttlSeconds), db: database, servers } }
}
