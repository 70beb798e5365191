import { join, resolve } from 'node:path'
import { NornicError } from '../../errors/index.js'

export const LOCAL_MODES = ['raft', 'ha_standby'] as const
export type LocalMode = (typeof LOCAL_MODES)[number]

/** One node of a local cluster: where it listens and the environment it starts with. */
export interface LocalNodeSpec {
  readonly nodeId: string
  readonly httpUrl: string
  readonly boltPort: number
  readonly clusterAddress: string
  readonly dataDir: string
  readonly env: Readonly<Record<string, string>>
}

export interface LocalClusterOptions {
  readonly mode: LocalMode
  readonly nodes: number
  /** HTTP ports count up from here; Bolt from base + 10, the cluster port from base + 20. */
  readonly basePort: number
  readonly dataDir: string
  /** Extra settings every node gets (e.g. shorter timeouts for drills). */
  readonly env?: Readonly<Record<string, string>>
  /**
   * The cluster address node `from` dials to reach node `to` (default: `to`'s own address). A
   * failover drill routes each link through a relay of its own here, so it can cut one node off.
   */
  readonly peerAddress?: (from: string, to: string, direct: string) => string
}

const HOST = '127.0.0.1'
const PORT_BLOCK = 10

function usage(message: string): NornicError {
  return new NornicError('Nornic.Cli.Usage', message)
}

/** Every port a local cluster of `nodes` nodes from `basePort` listens on (HTTP, Bolt, cluster). */
export function localClusterPorts(basePort: number, nodes: number): number[] {
  return [0, PORT_BLOCK, 2 * PORT_BLOCK].flatMap((offset) => Array.from({ length: nodes }, (_, i) => basePort + offset + i))
}

/** The nodes of a local cluster on 127.0.0.1, configured as the guide's compose files configure them. */
export function planLocalCluster(options: LocalClusterOptions): LocalNodeSpec[] {
  if (options.mode === 'raft' && (options.nodes < 1 || options.nodes > 7)) throw usage(`--nodes ${options.nodes}: a local raft cluster has 1 to 7 nodes`)
  if (options.mode === 'ha_standby' && options.nodes !== 2) throw usage(`--nodes ${options.nodes}: a hot standby pair has exactly 2 nodes`)
  if (options.basePort < 1024 || options.basePort + 3 * PORT_BLOCK > 65_535) throw usage(`--base-port ${options.basePort}: choose a port from 1024 to ${65_535 - 3 * PORT_BLOCK}`)
  const ids = Array.from({ length: options.nodes }, (_, i) => (options.mode === 'ha_standby' ? ['primary-1', 'standby-1'][i] : `node-${i + 1}`) as string)
  const clusterAddress = (i: number): string => `${HOST}:${options.basePort + 2 * PORT_BLOCK + i}`
  const dial = (from: number, to: number): string => options.peerAddress?.(ids[from] as string, ids[to] as string, clusterAddress(to)) ?? clusterAddress(to)
  return ids.map((nodeId, i) => {
    const modeEnv: Record<string, string> = options.mode === 'raft'
      ? {
          NORNICDB_CLUSTER_RAFT_CLUSTER_ID: 'local',
          NORNICDB_CLUSTER_RAFT_BOOTSTRAP: String(i === 0),
          NORNICDB_CLUSTER_RAFT_PEERS: ids.flatMap((peer, j) => (j === i ? [] : [`${peer}:${dial(i, j)}`])).join(','),
        }
      : {
          NORNICDB_CLUSTER_HA_ROLE: i === 0 ? 'primary' : 'standby',
          NORNICDB_CLUSTER_HA_PEER_ADDR: dial(i, 1 - i),
        }
    const dataDir = resolve(join(options.dataDir, nodeId))
    return {
      nodeId,
      httpUrl: `http://${HOST}:${options.basePort + i}`,
      boltPort: options.basePort + PORT_BLOCK + i,
      clusterAddress: clusterAddress(i),
      dataDir,
      env: {
        NORNICDB_DATA_DIR: dataDir,
        NORNICDB_LISTEN_HOST: HOST,
        NORNICDB_HTTP_PORT: String(options.basePort + i),
        NORNICDB_BOLT_PORT: String(options.basePort + PORT_BLOCK + i),
        NORNICDB_CLUSTER_MODE: options.mode,
        NORNICDB_CLUSTER_NODE_ID: nodeId,
        NORNICDB_CLUSTER_BIND_ADDR: clusterAddress(i),
        NORNICDB_CLUSTER_ADVERTISE_ADDR: clusterAddress(i),
        ...modeEnv,
        ...options.env,
      },
    }
  })
}
