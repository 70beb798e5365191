/**
 * The cluster a `--local` drill starts for itself: real `nornic serve` processes on free ports of
 * 127.0.0.1 in a temporary folder, with short timeouts so a failover takes about a second, and
 * stopped (by PID) and removed when the drill ends.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isNornicError, NornicError } from '../../errors/index.js'
import { freeBasePort } from '../local-cluster/free-base-port.js'
import { LocalCluster } from '../local-cluster/local-cluster.js'
import { planLocalCluster, type LocalMode } from '../local-cluster/local-cluster-plan.js'
import { localControl, type ClusterControl } from './cluster-control.js'
import { LinkProxies } from './tcp-proxy.js'

/**
 * Settings for drill clusters. Raft: elections in a few hundred ms. Hot standby: failover after 1s
 * of silence, and `sync` replication, because in `async` mode a failover may drop acknowledged
 * writes by design and the drill would (rightly) report them lost.
 */
export const DRILL_ENV: Readonly<Record<LocalMode, Readonly<Record<string, string>>>> = {
  raft: {
    NORNICDB_CLUSTER_RAFT_ELECTION_TIMEOUT: '300ms',
    NORNICDB_CLUSTER_RAFT_HEARTBEAT_TIMEOUT: '50ms',
    NORNICDB_CLUSTER_WRITE_TIMEOUT: '5s',
    NORNICDB_LOG_LEVEL: 'warn',
  },
  ha_standby: {
    NORNICDB_CLUSTER_HA_SYNC_MODE: 'sync',
    NORNICDB_CLUSTER_HA_HEARTBEAT_MS: '100',
    NORNICDB_CLUSTER_HA_FAILOVER_TIMEOUT: '1s',
    NORNICDB_CLUSTER_HA_SYNC_TIMEOUT: '1s',
    NORNICDB_CLUSTER_HA_RECONNECT_INTERVAL: '50ms',
    NORNICDB_CLUSTER_HA_MAX_RECONNECT_BACKOFF: '200ms',
    NORNICDB_LOG_LEVEL: 'warn',
  },
}

/**
 * Each node dials its peers at the relay addresses of its own links; a snapshot carries the
 * sender's address book, which would point a follower at the leader's relays, so drills through
 * relays keep snapshots out of the way.
 */
const PARTITION_ENV = { NORNICDB_CLUSTER_RAFT_SNAPSHOT_THRESHOLD: '1000000' }

export interface LocalTarget {
  readonly control: ClusterControl
  /** Stops every node by PID and removes the data, unless it is kept. */
  close(): Promise<void>
}

export interface LocalTargetOptions {
  readonly mode: LocalMode
  readonly nodes: number
  readonly basePort?: number
  /** Kept after the drill for a post-mortem; a fresh temporary folder (removed) otherwise. */
  readonly dataDir?: string
  readonly env?: Readonly<Record<string, string>>
  readonly readyTimeoutMs: number
  /** Route every cluster link through its own relay, so one node can be cut off (partition-leader). */
  readonly partitionable?: boolean
}

/** The ids a local plan gives its nodes, and where each one's cluster port is. */
function clusterPorts(mode: LocalMode, nodes: number, basePort: number): Map<string, number> {
  const specs = planLocalCluster({ mode, nodes, basePort, dataDir: tmpdir() })
  return new Map(specs.map((spec) => [spec.nodeId, Number(spec.clusterAddress.split(':')[1])]))
}

const START_ATTEMPTS = 3
const LOG_LINES_KEPT = 5

/** A start-up failure with the last lines each node logged, since the drill removes their folders. */
function withLastLogLines(error: unknown, logs: ReadonlyMap<string, readonly string[]>): unknown {
  if (!(isNornicError(error) && error.code === 'Nornic.Cli.NodeUnreachable')) return error
  const tails = [...logs].map(([nodeId, lines]) => `${nodeId}: ${lines.join(' | ')}`)
  return tails.length === 0 ? error : new NornicError(error.code, `${error.message}; last log lines: ${tails.join('; ')}`, { ...error.facts }, { cause: error })
}

/**
 * Starts the cluster; when the ports and folder were chosen here and a node exits during start-up
 * (another program took a port after the check), it tries again on other ports in a fresh folder.
 */
export async function startLocalTarget(options: LocalTargetOptions): Promise<LocalTarget> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, options.basePort ?? (await freeBasePort(options.nodes)))
    } catch (error) {
      const chosenHere = options.basePort === undefined && options.dataDir === undefined
      if (!chosenHere || attempt >= START_ATTEMPTS || !(isNornicError(error) && error.code === 'Nornic.Cli.NodeUnreachable')) throw error
    }
  }
}

async function startOnce(options: LocalTargetOptions, basePort: number): Promise<LocalTarget> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'nornic-drill-')))
  const links = options.partitionable ? await LinkProxies.start(clusterPorts(options.mode, options.nodes, basePort)) : undefined
  const specs = planLocalCluster({
    mode: options.mode,
    nodes: options.nodes,
    basePort,
    dataDir,
    env: { ...DRILL_ENV[options.mode], ...(links === undefined ? {} : PARTITION_ENV), ...options.env },
    ...(links === undefined ? {} : { peerAddress: (from: string, to: string) => links.addressFor(from, to) }),
  })
  const logs = new Map<string, string[]>()
  const keepLog = (nodeId: string, line: string): void => {
    const lines = logs.get(nodeId) ?? []
    lines.push(line)
    if (lines.length > LOG_LINES_KEPT) lines.shift()
    logs.set(nodeId, lines)
  }
  const cluster = LocalCluster.start(specs, { detached: false, onLog: keepLog })
  const close = async (): Promise<void> => {
    // A node a failed round left frozen would ignore SIGTERM until the SIGKILL fallback.
    for (const spec of specs) cluster.signal(spec.nodeId, 'SIGCONT')
    await cluster.stop(10_000)
    await links?.close()
    if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true })
  }
  try {
    await cluster.waitReady(options.readyTimeoutMs)
  } catch (error) {
    await close()
    throw withLastLogLines(error, logs)
  }
  const nodes = specs.map((spec) => ({ id: spec.nodeId, url: spec.httpUrl, address: spec.clusterAddress }))
  const control = localControl(cluster, nodes)
  return {
    control: {
      ...control,
      restart: async (id) => {
        await control.restart(id)
        await cluster.waitReady(options.readyTimeoutMs, [id]).catch(() => undefined)
      },
      ...(links === undefined ? {} : { isolate: (id: string) => links.isolate(id), healLinks: () => links.healAll() }),
    },
    close,
  }
}
