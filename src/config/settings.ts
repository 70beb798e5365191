import { join } from 'node:path'
import {
  boolean, byteSize, credentials, duration, formatBytes, formatDuration, host, hostPort, idAddressList,
  identifier, integer, nonEmptyText, oneOf, port, seconds,
  type Credentials, type HostPort, type Parser, type PeerAddress,
} from './parsers.js'

/**
 * Every setting of a nornic node, declared once: its environment variable, its `serve` flag, its TOML
 * key, its default, its parser and what it is for. Everything else (flags, `config show`, the README
 * table, validation) is derived from this table.
 */
export type SettingGroup = 'node' | 'cluster' | 'ha_standby' | 'raft' | 'multi_region' | 'tls'

export interface SettingSpec<T, V> {
  readonly env: string
  readonly flag: string
  readonly toml: string
  readonly group: SettingGroup
  readonly description: string
  readonly parser: Parser<T>
  /** The value when no source sets it. */
  readonly fallback: (resolved: Readonly<Record<string, unknown>>) => V
  /** How the default reads in docs and `config show`. */
  readonly defaultText: string
  readonly show: (value: T) => string
  readonly secret: boolean
}

interface SpecInput<T> {
  env: string
  flag: string
  toml: string
  group: SettingGroup
  description: string
  parser: Parser<T>
  show?: (value: T) => string
  secret?: boolean
}

/** A host a client can dial: a wildcard listen address names no machine, so it becomes localhost. */
const reachableHost = (host: string): string => (host === '0.0.0.0' || host === '::' ? 'localhost' : host)
const showPlain = (value: unknown): string => String(value)
const showHostPort = (value: HostPort): string => `${value.host}:${value.port}`
const showPeers = (value: readonly PeerAddress[]): string => value.map((peer) => `${peer.id}:${peer.host}:${peer.port}`).join(',')

function withDefault<T>(input: SpecInput<T>, value: T, defaultText?: string): SettingSpec<T, T> {
  const show = input.show ?? showPlain
  return { ...input, show, secret: input.secret ?? false, fallback: () => value, defaultText: defaultText ?? show(value) }
}

function optional<T>(input: SpecInput<T>, defaultText = '-'): SettingSpec<T, T | undefined> {
  return { ...input, show: input.show ?? showPlain, secret: input.secret ?? false, fallback: () => undefined, defaultText }
}

function derived<T>(input: SpecInput<T>, defaultText: string, fallback: (resolved: Readonly<Record<string, unknown>>) => T): SettingSpec<T, T> {
  return { ...input, show: input.show ?? showPlain, secret: input.secret ?? false, fallback, defaultText }
}

export const CLUSTER_MODES = ['standalone', 'ha_standby', 'raft', 'multi_region'] as const
export const HA_ROLES = ['primary', 'standby'] as const
export const HA_SYNC_MODES = ['async', 'semi_sync', 'sync', 'quorum'] as const
export const CONSISTENCY_LEVELS = ['ONE', 'LOCAL_ONE', 'QUORUM', 'LOCAL_QUORUM', 'ALL'] as const

export type ClusterMode = (typeof CLUSTER_MODES)[number]
export type ConsistencyLevel = (typeof CONSISTENCY_LEVELS)[number]

const ms = (value: number): string => formatDuration(value)

export const SETTINGS = {
  dataDir: withDefault({
    env: 'NORNICDB_DATA_DIR', flag: 'data-dir', toml: 'data_dir', group: 'node',
    description: 'Directory for the graph store and all node state',
    parser: nonEmptyText,
  }, './data'),
  listenHost: withDefault({
    env: 'NORNICDB_LISTEN_HOST', flag: 'listen-host', toml: 'listen_host', group: 'node',
    description: 'Address the HTTP and Bolt ports listen on',
    parser: host,
  }, '0.0.0.0'),
  httpPort: withDefault({
    env: 'NORNICDB_HTTP_PORT', flag: 'http-port', toml: 'http_port', group: 'node',
    description: 'HTTP port (Cypher transaction API, health, metrics, admin)',
    parser: port,
  }, 7474),
  boltPort: withDefault({
    env: 'NORNICDB_BOLT_PORT', flag: 'bolt-port', toml: 'bolt_port', group: 'node',
    description: 'Bolt port',
    parser: port,
  }, 7687),
  auth: withDefault<Credentials | null>({
    env: 'NORNICDB_AUTH', flag: 'auth', toml: 'auth', group: 'node',
    description: 'Credentials for the data and admin endpoints, as user:password; none turns authentication off',
    parser: credentials, secret: true,
    show: (value) => (value === null ? 'none' : `${value.user}:********`),
  }, { user: 'admin', password: 'admin' }, 'admin:admin'),
  httpMaxBodyBytes: withDefault({
    env: 'NORNICDB_HTTP_MAX_BODY_SIZE', flag: 'http-max-body-size', toml: 'http_max_body_size', group: 'node',
    description: 'Largest HTTP request body accepted; larger ones get 413',
    parser: byteSize(1024, 1024 ** 3), show: formatBytes,
  }, 16 * 1024 ** 2),
  logLevel: withDefault({
    env: 'NORNICDB_LOG_LEVEL', flag: 'log-level', toml: 'log_level', group: 'node',
    description: 'Least severe log level written',
    parser: oneOf(['debug', 'info', 'warn', 'error'] as const),
  }, 'info'),
  logFormat: withDefault({
    env: 'NORNICDB_LOG_FORMAT', flag: 'log-format', toml: 'log_format', group: 'node',
    description: 'Log format: pretty text, JSON lines, or auto (pretty in a terminal, JSON otherwise)',
    parser: oneOf(['auto', 'pretty', 'json'] as const),
  }, 'auto'),
  shutdownTimeoutMs: withDefault({
    env: 'NORNICDB_SHUTDOWN_TIMEOUT', flag: 'shutdown-timeout', toml: 'shutdown_timeout', group: 'node',
    description: 'How long a graceful stop may take to finish in-flight requests before the node exits anyway',
    parser: duration(100, 600_000), show: ms,
  }, 10_000),

  clusterMode: withDefault<ClusterMode>({
    env: 'NORNICDB_CLUSTER_MODE', flag: 'cluster-mode', toml: 'cluster.mode', group: 'cluster',
    description: 'Replication mode',
    parser: oneOf(CLUSTER_MODES),
  }, 'standalone'),
  nodeId: optional({
    env: 'NORNICDB_CLUSTER_NODE_ID', flag: 'cluster-node-id', toml: 'cluster.node_id', group: 'cluster',
    description: 'Unique node identifier; generated once and kept in the data dir when unset',
    parser: identifier,
  }, 'auto-generated'),
  bindAddr: withDefault({
    env: 'NORNICDB_CLUSTER_BIND_ADDR', flag: 'cluster-bind-addr', toml: 'cluster.bind_addr', group: 'cluster',
    description: 'Address the cluster port listens on',
    parser: hostPort, show: showHostPort,
  }, { host: '0.0.0.0', port: 7000 }),
  advertiseAddr: derived({
    env: 'NORNICDB_CLUSTER_ADVERTISE_ADDR', flag: 'cluster-advertise-addr', toml: 'cluster.advertise_addr', group: 'cluster',
    description: 'Cluster address other nodes use to reach this one',
    parser: hostPort, show: showHostPort,
  }, 'same as bind', (resolved) => resolved.bindAddr as HostPort),
  // Declared after advertiseAddr, not beside boltPort: a derived default may only read settings above it.
  boltAdvertiseAddr: derived({
    env: 'NORNICDB_BOLT_ADVERTISE_ADDR', flag: 'bolt-advertise-addr', toml: 'bolt_advertise_addr', group: 'node',
    description: 'Bolt address other members name in the routing tables drivers get; unset, the cluster advertise host (the listen host in standalone, localhost for 0.0.0.0) with the Bolt port',
    parser: hostPort, show: showHostPort,
  }, '<advertise host>:<bolt port>', (resolved) => ({
    host: reachableHost(resolved.clusterMode === 'standalone' ? resolved.listenHost as string : (resolved.advertiseAddr as HostPort).host),
    port: resolved.boltPort as number,
  })),
  clusterDataDir: derived({
    env: 'NORNICDB_CLUSTER_DATA_DIR', flag: 'cluster-data-dir', toml: 'cluster.data_dir', group: 'cluster',
    description: 'Directory for replication state (Raft log, WAL)',
    parser: nonEmptyText,
  }, '<data dir>/replication', (resolved) => join(resolved.dataDir as string, 'replication')),
  maxFrameBytes: withDefault({
    env: 'NORNICDB_CLUSTER_MAX_FRAME_SIZE', flag: 'cluster-max-frame-size', toml: 'cluster.max_frame_size', group: 'cluster',
    description: 'Largest cluster-protocol frame accepted; a larger one closes that connection. In raft mode a write that encodes to more than a third of it is refused (413), since its log entry must reach the followers in one frame',
    parser: byteSize(64 * 1024, 1024 ** 3), show: formatBytes,
  }, 64 * 1024 ** 2),
  readConsistency: withDefault<ConsistencyLevel>({
    env: 'NORNICDB_CLUSTER_READ_CONSISTENCY', flag: 'cluster-read-consistency', toml: 'cluster.read_consistency', group: 'cluster',
    description: 'Default read consistency: ONE reads local state, QUORUM is linearizable',
    parser: oneOf(CONSISTENCY_LEVELS),
  }, 'QUORUM'),
  writeTimeoutMs: withDefault({
    env: 'NORNICDB_CLUSTER_WRITE_TIMEOUT', flag: 'cluster-write-timeout', toml: 'cluster.write_timeout', group: 'cluster',
    description: 'How long a write waits for a leader or primary before it fails with a retryable error',
    parser: duration(10, 600_000), show: ms,
  }, 10_000),
  clusterDebug: withDefault({
    env: 'NORNICDB_CLUSTER_DEBUG', flag: 'cluster-debug', toml: 'cluster.debug', group: 'cluster',
    description: 'Log replication traffic at debug level',
    parser: boolean,
  }, false),

  haRole: optional({
    env: 'NORNICDB_CLUSTER_HA_ROLE', flag: 'cluster-ha-role', toml: 'cluster.ha.role', group: 'ha_standby',
    description: 'primary or standby (required in ha_standby mode)',
    parser: oneOf(HA_ROLES),
  }),
  haPeerAddr: optional({
    env: 'NORNICDB_CLUSTER_HA_PEER_ADDR', flag: 'cluster-ha-peer-addr', toml: 'cluster.ha.peer_addr', group: 'ha_standby',
    description: 'Cluster address of the other node (required in ha_standby mode)',
    parser: hostPort, show: showHostPort,
  }),
  haSyncMode: withDefault({
    env: 'NORNICDB_CLUSTER_HA_SYNC_MODE', flag: 'cluster-ha-sync-mode', toml: 'cluster.ha.sync_mode', group: 'ha_standby',
    description: 'When a write is acknowledged: async (primary only), semi_sync (standby received), sync (standby persisted), quorum (standby applied)',
    parser: oneOf(HA_SYNC_MODES),
  }, 'semi_sync'),
  haHeartbeatMs: withDefault({
    env: 'NORNICDB_CLUSTER_HA_HEARTBEAT_MS', flag: 'cluster-ha-heartbeat-ms', toml: 'cluster.ha.heartbeat_ms', group: 'ha_standby',
    description: 'Heartbeat interval in milliseconds',
    parser: integer(10, 60_000),
  }, 1000),
  haFailoverTimeoutMs: withDefault({
    env: 'NORNICDB_CLUSTER_HA_FAILOVER_TIMEOUT', flag: 'cluster-ha-failover-timeout', toml: 'cluster.ha.failover_timeout', group: 'ha_standby',
    description: 'How long the primary may be silent before the standby takes over',
    parser: duration(100, 3_600_000), show: ms,
  }, 30_000),
  haAutoFailover: withDefault({
    env: 'NORNICDB_CLUSTER_HA_AUTO_FAILOVER', flag: 'cluster-ha-auto-failover', toml: 'cluster.ha.auto_failover', group: 'ha_standby',
    description: 'Let the standby promote itself when the primary is gone',
    parser: boolean,
  }, true),
  haWalBatchSize: withDefault({
    env: 'NORNICDB_CLUSTER_HA_WAL_BATCH_SIZE', flag: 'cluster-ha-wal-batch-size', toml: 'cluster.ha.wal_batch_size', group: 'ha_standby',
    description: 'Most WAL entries sent in one batch',
    parser: integer(1, 100_000),
  }, 1000),
  haWalBatchTimeoutMs: withDefault({
    env: 'NORNICDB_CLUSTER_HA_WAL_BATCH_TIMEOUT', flag: 'cluster-ha-wal-batch-timeout', toml: 'cluster.ha.wal_batch_timeout', group: 'ha_standby',
    description: 'Longest wait for a WAL batch to fill up to the batch size before it is sent; 0 sends at once (entries that arrive while a batch is in flight go in the next)',
    parser: duration(0, 10_000), show: ms,
  }, 0),
  haReconnectIntervalMs: withDefault({
    env: 'NORNICDB_CLUSTER_HA_RECONNECT_INTERVAL', flag: 'cluster-ha-reconnect-interval', toml: 'cluster.ha.reconnect_interval', group: 'ha_standby',
    description: 'First wait before reconnecting to the peer',
    parser: duration(10, 600_000), show: ms,
  }, 1000),
  haMaxReconnectBackoffMs: withDefault({
    env: 'NORNICDB_CLUSTER_HA_MAX_RECONNECT_BACKOFF', flag: 'cluster-ha-max-reconnect-backoff', toml: 'cluster.ha.max_reconnect_backoff', group: 'ha_standby',
    description: 'Longest wait between reconnect attempts',
    parser: duration(10, 3_600_000), show: ms,
  }, 30_000),
  haSyncTimeoutMs: withDefault({
    env: 'NORNICDB_CLUSTER_HA_SYNC_TIMEOUT', flag: 'cluster-ha-sync-timeout', toml: 'cluster.ha.sync_timeout', group: 'ha_standby',
    description: 'How long a write waits for the standby: semi_sync then degrades to async, sync and quorum fail the write',
    parser: duration(10, 600_000), show: ms,
  }, 5000),

  raftClusterId: withDefault({
    env: 'NORNICDB_CLUSTER_RAFT_CLUSTER_ID', flag: 'cluster-raft-cluster-id', toml: 'cluster.raft.cluster_id', group: 'raft',
    description: 'Cluster identifier; peers with another id are refused',
    parser: identifier,
  }, 'nornicdb'),
  raftBootstrap: withDefault({
    env: 'NORNICDB_CLUSTER_RAFT_BOOTSTRAP', flag: 'cluster-raft-bootstrap', toml: 'cluster.raft.bootstrap', group: 'raft',
    description: 'Form a new cluster from this node and its peers (ignored when the node has state)',
    parser: boolean,
  }, false),
  raftPeers: withDefault<readonly PeerAddress[]>({
    env: 'NORNICDB_CLUSTER_RAFT_PEERS', flag: 'cluster-raft-peers', toml: 'cluster.raft.peers', group: 'raft',
    description: 'The other members, as id:host:port,...',
    parser: idAddressList('node'), show: showPeers,
  }, [], '-'),
  raftElectionTimeoutMs: withDefault({
    env: 'NORNICDB_CLUSTER_RAFT_ELECTION_TIMEOUT', flag: 'cluster-raft-election-timeout', toml: 'cluster.raft.election_timeout', group: 'raft',
    description: 'Silence from the leader before a follower starts an election',
    parser: duration(10, 600_000), show: ms,
  }, 1000),
  raftHeartbeatTimeoutMs: withDefault({
    env: 'NORNICDB_CLUSTER_RAFT_HEARTBEAT_TIMEOUT', flag: 'cluster-raft-heartbeat-timeout', toml: 'cluster.raft.heartbeat_timeout', group: 'raft',
    description: 'Leader heartbeat interval',
    parser: duration(1, 600_000), show: ms,
  }, 100),
  raftSnapshotIntervalMs: withDefault({
    env: 'NORNICDB_CLUSTER_RAFT_SNAPSHOT_INTERVAL', flag: 'cluster-raft-snapshot-interval', toml: 'cluster.raft.snapshot_interval', group: 'raft',
    description: 'Seconds between snapshot checks',
    parser: seconds(1000, 86_400_000), show: (value) => String(value / 1000),
  }, 300_000, '300'),
  raftSnapshotThreshold: withDefault({
    env: 'NORNICDB_CLUSTER_RAFT_SNAPSHOT_THRESHOLD', flag: 'cluster-raft-snapshot-threshold', toml: 'cluster.raft.snapshot_threshold', group: 'raft',
    description: 'Log entries since the last snapshot that trigger a new one',
    parser: integer(1, 100_000_000),
  }, 10_000),
  raftTrailingLogs: withDefault({
    env: 'NORNICDB_CLUSTER_RAFT_TRAILING_LOGS', flag: 'cluster-raft-trailing-logs', toml: 'cluster.raft.trailing_logs', group: 'raft',
    description: 'Log entries kept after a snapshot, so slow followers catch up without one',
    parser: integer(0, 100_000_000),
  }, 10_000),
  raftMaxAppendEntries: withDefault({
    env: 'NORNICDB_CLUSTER_RAFT_MAX_APPEND_ENTRIES', flag: 'cluster-raft-max-append-entries', toml: 'cluster.raft.max_append_entries', group: 'raft',
    description: 'Most entries in one AppendEntries message',
    parser: integer(1, 100_000),
  }, 64),

  regionId: optional({
    env: 'NORNICDB_CLUSTER_REGION_ID', flag: 'cluster-region-id', toml: 'cluster.region.id', group: 'multi_region',
    description: 'Region identifier (required in multi_region mode)',
    parser: identifier,
  }),
  remoteRegions: withDefault<readonly PeerAddress[]>({
    env: 'NORNICDB_CLUSTER_REMOTE_REGIONS', flag: 'cluster-remote-regions', toml: 'cluster.region.remote_regions', group: 'multi_region',
    description: 'Remote regions, as region-id:host:port,...',
    parser: idAddressList('region'), show: showPeers,
  }, [], '-'),
  crossRegionMode: withDefault({
    env: 'NORNICDB_CLUSTER_CROSS_REGION_MODE', flag: 'cluster-cross-region-mode', toml: 'cluster.region.cross_region_mode', group: 'multi_region',
    description: 'Cross-region replication: async, semi_sync (remote acknowledged) or quorum',
    parser: oneOf(['async', 'semi_sync', 'quorum'] as const),
  }, 'async'),
  conflictStrategy: withDefault({
    env: 'NORNICDB_CLUSTER_CONFLICT_STRATEGY', flag: 'cluster-conflict-strategy', toml: 'cluster.region.conflict_strategy', group: 'multi_region',
    description: 'Conflict resolution between regions',
    parser: oneOf(['last_write_wins', 'manual'] as const),
  }, 'last_write_wins'),

  tlsEnabled: withDefault({
    env: 'NORNICDB_CLUSTER_TLS_ENABLED', flag: 'cluster-tls-enabled', toml: 'cluster.tls.enabled', group: 'tls',
    description: 'Encrypt cluster traffic with TLS',
    parser: boolean,
  }, false),
  tlsCertFile: optional({
    env: 'NORNICDB_CLUSTER_TLS_CERT_FILE', flag: 'cluster-tls-cert-file', toml: 'cluster.tls.cert_file', group: 'tls',
    description: 'Server certificate (PEM)',
    parser: nonEmptyText,
  }),
  tlsKeyFile: optional({
    env: 'NORNICDB_CLUSTER_TLS_KEY_FILE', flag: 'cluster-tls-key-file', toml: 'cluster.tls.key_file', group: 'tls',
    description: 'Private key (PEM)',
    parser: nonEmptyText,
  }),
  tlsCaFile: optional({
    env: 'NORNICDB_CLUSTER_TLS_CA_FILE', flag: 'cluster-tls-ca-file', toml: 'cluster.tls.ca_file', group: 'tls',
    description: 'CA certificate for mutual TLS',
    parser: nonEmptyText,
  }),
  tlsVerifyClient: withDefault({
    env: 'NORNICDB_CLUSTER_TLS_VERIFY_CLIENT', flag: 'cluster-tls-verify-client', toml: 'cluster.tls.verify_client', group: 'tls',
    description: 'Require client certificates signed by the CA',
    parser: boolean,
  }, false),
  tlsMinVersion: withDefault({
    env: 'NORNICDB_CLUSTER_TLS_MIN_VERSION', flag: 'cluster-tls-min-version', toml: 'cluster.tls.min_version', group: 'tls',
    description: 'Lowest TLS version accepted',
    parser: oneOf(['1.2', '1.3'] as const),
  }, '1.2'),
} as const

export type SettingName = keyof typeof SETTINGS
export type Settings = {
  readonly [K in SettingName]: (typeof SETTINGS)[K] extends SettingSpec<infer _T, infer V> ? V : never
}
export type AnySettingSpec = SettingSpec<unknown, unknown>

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[]

export function specOf(name: SettingName): AnySettingSpec {
  return SETTINGS[name] as unknown as AnySettingSpec
}
