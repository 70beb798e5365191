import { freePort } from './free-port.js'
import { TcpProxy } from '../../../src/ops/drill/tcp-proxy.js'
import { call, cypher } from './http.js'
import { NornicNode, tempDir } from './nornic-process.js'
import { waitFor } from './wait-for.js'

export type SyncMode = 'async' | 'semi_sync' | 'sync' | 'quorum'

export interface HaPairOptions {
  readonly syncMode: SyncMode
  /** Extra settings for both nodes (NORNICDB_* variables). */
  readonly env?: Record<string, string>
}

/** One node of a pair: its process and what it takes to start it again on the same data and ports. */
export interface HaMember {
  readonly name: 'node-1' | 'node-2'
  node: NornicNode
}

/** Short timeouts so failures and failovers happen in about a second. */
export const FAST_HA_ENV = {
  NORNICDB_CLUSTER_HA_HEARTBEAT_MS: '100',
  NORNICDB_CLUSTER_HA_FAILOVER_TIMEOUT: '1s',
  NORNICDB_CLUSTER_HA_SYNC_TIMEOUT: '1s',
  NORNICDB_CLUSTER_HA_RECONNECT_INTERVAL: '50ms',
  NORNICDB_CLUSTER_HA_MAX_RECONNECT_BACKOFF: '200ms',
  NORNICDB_LOG_LEVEL: 'info',
} as const

/**
 * Two `nornic serve` processes in ha_standby mode, node-1 configured primary and node-2 standby. Each
 * reaches the other through a TcpProxy, so a test can cut the link while both live.
 */
export class HaPair {
  private constructor(
    readonly members: { readonly 'node-1': HaMember; readonly 'node-2': HaMember },
    readonly proxies: readonly TcpProxy[],
  ) {}

  static async start(options: HaPairOptions): Promise<HaPair> {
    const clusterPorts = { 'node-1': await freePort(), 'node-2': await freePort() }
    const toNode1 = await TcpProxy.start(clusterPorts['node-1'])
    const toNode2 = await TcpProxy.start(clusterPorts['node-2'])
    const common = { NORNICDB_CLUSTER_MODE: 'ha_standby', NORNICDB_CLUSTER_HA_SYNC_MODE: options.syncMode, ...FAST_HA_ENV, ...options.env }
    const spawn = (name: 'node-1' | 'node-2', role: string, ownPort: number, peerPort: number) => NornicNode.spawn({
      dataDir: tempDir(`nornic-ha-${name}-`),
      env: {
        ...common,
        NORNICDB_CLUSTER_NODE_ID: name,
        NORNICDB_CLUSTER_HA_ROLE: role,
        NORNICDB_CLUSTER_BIND_ADDR: `127.0.0.1:${ownPort}`,
        NORNICDB_CLUSTER_HA_PEER_ADDR: `127.0.0.1:${peerPort}`,
      },
    })
    const pair = new HaPair({
      'node-1': { name: 'node-1', node: await spawn('node-1', 'primary', clusterPorts['node-1'], toNode2.port) },
      'node-2': { name: 'node-2', node: await spawn('node-2', 'standby', clusterPorts['node-2'], toNode1.port) },
    }, [toNode1, toNode2])
    try {
      await Promise.all([pair.node1.waitReady(), pair.node2.waitReady()])
    } catch (error) {
      // Leave nothing behind: an open proxy would keep the test process alive.
      await pair.close()
      throw error
    }
    return pair
  }

  get node1(): NornicNode {
    return this.members['node-1'].node
  }

  get node2(): NornicNode {
    return this.members['node-2'].node
  }

  /** Starts a member again on its data dir and ports, once its process has ended. */
  async restart(name: 'node-1' | 'node-2'): Promise<NornicNode> {
    const member = this.members[name]
    member.node = await member.node.restart()
    return member.node
  }

  cutLink(): void {
    for (const proxy of this.proxies) proxy.cut()
  }

  healLink(): void {
    for (const proxy of this.proxies) proxy.heal()
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.members).map((member) => (member.node.process.exitCode === null ? member.node.kill('SIGKILL') : undefined)))
    await Promise.all(this.proxies.map((proxy) => proxy.close()))
  }
}

export async function health(node: NornicNode): Promise<Record<string, any>> {
  return (await call(node.httpUrl, '/health', { auth: null })).json.replication
}

/** Waits until `node` reports `role` (primary, standby, fenced). */
export async function waitForRole(node: NornicNode, role: string, timeoutMs = 15_000): Promise<void> {
  await waitFor(`${node.httpUrl} to be ${role}`, async () => ((await health(node)).role === role ? true : undefined), timeoutMs)
}

/** Creates one (:Item {n}) node; returns the HTTP status and the error code, if any. */
export async function writeItem(node: NornicNode, n: number): Promise<{ status: number; code?: string; message?: string }> {
  const answer = await cypher(node.httpUrl, [{ statement: 'CREATE (:Item {n: $n})', parameters: `{"n": ${n}}` }])
  const error = answer.json?.errors?.[0]
  return { status: answer.status, ...(error === undefined ? {} : { code: error.code, message: error.message }) }
}

/** The n of every Item on `node`, read locally, sorted. */
export async function itemNumbers(node: NornicNode): Promise<number[]> {
  const answer = await cypher(node.httpUrl, [{ statement: 'MATCH (i:Item) RETURN i.n AS n ORDER BY n' }], { headers: { 'x-nornic-consistency': 'ONE' } })
  if (answer.status !== 200) throw new Error(`reading items failed: ${answer.text}`)
  return answer.json.results[0].data.map((row: { row: [bigint] }) => Number(row.row[0]))
}

/** Waits until `node` holds exactly `expected` items. */
export async function waitForItems(node: NornicNode, expected: readonly number[], timeoutMs = 15_000): Promise<void> {
  const want = JSON.stringify([...expected].sort((a, b) => a - b))
  await waitFor(`${node.httpUrl} to hold ${expected.length} items`, async () => (JSON.stringify(await itemNumbers(node)) === want ? true : undefined), timeoutMs)
}
