import type { ReplicationStatus } from '../../cluster/replicator.js'
import type { PackMap } from './packstream.js'

/**
 * How long a driver may keep a routing table before asking again. Neo4j's default is 300 s; a
 * short one lets drivers find a new leader or primary soon after a failover even when no write
 * failed to tell them (a driver also refreshes at once when a writer refuses or disappears).
 */
export const ROUTING_TTL_SECONDS = 10

export interface RoutingTable {
  readonly ttlSeconds: number
  readonly writers: readonly string[]
  readonly readers: readonly string[]
  readonly routers: readonly string[]
}

/**
 * Whether this node announces server-side routing (`ssr.enabled` in HELLO's hints): any write sent
 * here runs here or is forwarded by this node. A raft member forwards to the leader (its replicator
 * does); a node that takes writes itself (standalone, a hot-standby primary with its standby) has
 * nothing to route; a hot standby refuses writes, so it must not claim it. A routing driver whose
 * connections all announce it resolves the home database once and reuses its routing table for
 * new sessions, instead of sending ROUTE before every session.
 */
export function serverSideRouting(status: Pick<ReplicationStatus, 'mode' | 'isLeader'>): boolean {
  return status.mode === 'raft' || status.isLeader
}

/** What the routing table reads from the replication status. */
export type RoutingStatus = Pick<ReplicationStatus, 'isLeader'> & Partial<Pick<ReplicationStatus, 'primary' | 'peers'>>

/**
 * The routing table a ROUTE answer carries, from the replication status and this node's Bolt
 * address. WRITE is the leader or primary: this node when it takes writes, else the member the
 * status names, once that member's Bolt address is known; a node that knows no leader names no
 * writer, so drivers ask again rather than send writes to a node that cannot place them. READ is
 * every other member that is up (followers, the standby), and the leader only when it is alone,
 * so reads keep off the node that carries the writes. ROUTE is every member whose Bolt address is
 * known, this node first, so a driver can still refresh its table when some are down.
 */
export function routingTableFor(status: RoutingStatus, selfAddress: string): RoutingTable {
  const peers = (status.peers ?? []).filter((peer) => peer.boltAddress !== undefined && peer.boltAddress !== selfAddress)
  const leaderPeer = status.primary === undefined ? undefined : peers.find((peer) => peer.id === status.primary?.id)
  const writer = status.isLeader ? selfAddress : leaderPeer?.boltAddress
  const members = [selfAddress, ...peers.map((peer) => peer.boltAddress as string)]
  const reachable = [selfAddress, ...peers.filter((peer) => peer.healthy).map((peer) => peer.boltAddress as string)]
  const readers = reachable.filter((address) => address !== writer)
  return {
    ttlSeconds: ROUTING_TTL_SECONDS,
    writers: writer === undefined ? [] : [writer],
    readers: readers.length > 0 || writer === undefined ? readers : [writer],
    routers: members,
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
