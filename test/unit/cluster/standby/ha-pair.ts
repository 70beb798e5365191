import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { resolveSettings } from '../../../../src/config/index.js'
import type { Replicator } from '../../../../src/cluster/replicator.js'
import type { HaStandbyReplicator } from '../../../../src/cluster/standby/ha-standby-replicator.js'
import type { WriteRequest } from '../../../../src/graph/command.js'
import { GraphDatabase } from '../../../../src/graph/database.js'
import { createReplicator } from '../../../../src/server/replicator-factory.js'
import { freePort } from '../../../e2e/support/free-port.js'
import { TcpProxy } from '../../../../src/ops/drill/tcp-proxy.js'

/** One hot standby node inside the test process: a memory graph, a real WAL on disk, real cluster sockets. */
export interface InProcessNode {
  readonly name: string
  readonly graph: GraphDatabase
  readonly replicator: HaStandbyReplicator
}

export interface InProcessPair {
  readonly primary: InProcessNode
  readonly standby: InProcessNode
  readonly proxies: readonly TcpProxy[]
  close(): Promise<void>
}

/** Two nodes of a pair, each reaching the other through a TcpProxy; settings as NORNICDB_* variables. */
export async function startInProcessPair(env: Record<string, string>, walRetainedEntries?: number, roles: readonly [string, string] = ['primary', 'standby']): Promise<InProcessPair> {
  const ports = [await freePort(), await freePort()] as const
  const proxies = [await TcpProxy.start(ports[1]), await TcpProxy.start(ports[0])] as const
  const dirs: string[] = []
  const logger = pino({ level: 'silent' })
  async function node(name: string, role: string, own: number, peerProxy: TcpProxy): Promise<InProcessNode> {
    const dir = await mkdtemp(join(tmpdir(), `nornic-ha-unit-${name}-`))
    dirs.push(dir)
    const { settings } = resolveSettings({
      flags: {},
      env: {
        NORNICDB_DATA_DIR: dir, NORNICDB_CLUSTER_MODE: 'ha_standby', NORNICDB_CLUSTER_NODE_ID: name, NORNICDB_CLUSTER_HA_ROLE: role,
        NORNICDB_CLUSTER_BIND_ADDR: `127.0.0.1:${own}`, NORNICDB_CLUSTER_HA_PEER_ADDR: `127.0.0.1:${peerProxy.port}`,
        NORNICDB_LISTEN_HOST: '127.0.0.1', NORNICDB_HTTP_PORT: '7474',
        NORNICDB_CLUSTER_HA_HEARTBEAT_MS: '50', NORNICDB_CLUSTER_HA_RECONNECT_INTERVAL: '20ms', NORNICDB_CLUSTER_HA_MAX_RECONNECT_BACKOFF: '100ms',
        ...env,
      },
    })
    const graph = await GraphDatabase.open({ memory: true })
    const replicator = (await createReplicator({ settings, graph, nodeId: name, logger, walRetainedEntries, transportMetrics: { rejectedFrame: () => undefined } })) as Replicator as HaStandbyReplicator
    return { name, graph, replicator }
  }
  const members: InProcessNode[] = []
  const started: InProcessNode[] = []
  async function close(): Promise<void> {
    for (const member of started) await member.replicator.stop()
    for (const member of members) await member.graph.close()
    await Promise.all(proxies.map((proxy) => proxy.close()))
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
  }
  try {
    members.push(await node('node-1', roles[0], ports[0], proxies[0]))
    members.push(await node('node-2', roles[1], ports[1], proxies[1]))
    for (const member of members) {
      await member.replicator.start()
      started.push(member)
    }
  } catch (error) {
    await close()
    throw error
  }
  const [primary, standby] = members as [InProcessNode, InProcessNode]
  return { primary, standby, proxies, close }
}

export async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Resolves once the pair's primary takes writes (it has heard from its standby). */
export function untilPrimaryTakesWrites(pair: InProcessPair): Promise<true> {
  return until('the primary to take writes', () => (pair.primary.replicator.status().isLeader ? true : undefined))
}

/** Writes items 1..count on the primary, one at a time, and waits until the standby applied them all. */
export async function writeReplicated(pair: InProcessPair, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) await pair.primary.replicator.propose(create(n))
  await until(`the standby to apply ${count} entries`, () => (pair.standby.replicator.status().appliedIndex === count ? true : undefined))
}

export function create(n: number): WriteRequest {
  return { statements: [{ statement: 'CREATE (:Item {n: $n})', parameters: { n: BigInt(n) } }] }
}

export async function items(graph: GraphDatabase): Promise<number[]> {
  const [result] = await graph.read([{ statement: 'MATCH (i:Item) RETURN i.n AS n ORDER BY n', parameters: {} }])
  return (result?.rows ?? []).map((row) => Number(row[0]))
}
