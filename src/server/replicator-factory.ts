import { randomInt } from 'node:crypto'
import { join } from 'node:path'
import type { Settings } from '../config/index.js'
import { systemClock } from '../cluster/clock.js'
import { createRaftReplicator } from '../cluster/raft-mode/create-raft-replicator.js'
import type { Replicator } from '../cluster/replicator.js'
import { StandaloneReplicator } from '../cluster/standalone/standalone-replicator.js'
import { HaStandbyReplicator } from '../cluster/standby/ha-standby-replicator.js'
import { HaStateFile } from '../cluster/standby/ha-state.js'
import { WriteAheadLog } from '../cluster/standby/wal.js'
import type { TransportEnvironment, TransportMetrics } from '../cluster/transport/environment.js'
import { PeerClient } from '../cluster/transport/peer-client.js'
import { createClusterPort } from '../cluster/cluster-port.js'
import type { GraphDatabase } from '../graph/database.js'
import type { Logger } from './logger.js'

export interface ReplicatorInputs {
  readonly settings: Settings
  readonly graph: GraphDatabase
  readonly nodeId: string
  readonly logger: Logger
  /** Where the cluster port counts the frames it refuses. */
  readonly transportMetrics: TransportMetrics
  /** WAL entries a hot standby keeps; defaults to HA_WAL_RETAINED_ENTRIES (tests lower it to force snapshots). */
  readonly walRetainedEntries?: number
}

/** The replication components' logger; NORNICDB_CLUSTER_DEBUG lets their debug lines through. */
function replicationLogger(logger: Logger, component: string, debug: boolean): Logger {
  return logger.child({ component }, debug ? { level: 'debug' } : {})
}

/** WAL entries a hot standby primary keeps for a standby that falls behind; further back, it sends a snapshot. */
export const HA_WAL_RETAINED_ENTRIES = 10_000

/** Picks the replicator for the configured mode and hands it its real boundaries (disk, sockets, clock). */
export async function createReplicator(inputs: ReplicatorInputs): Promise<Replicator> {
  const { settings, graph, nodeId } = inputs
  switch (settings.clusterMode) {
    case 'standalone':
      return new StandaloneReplicator(graph, nodeId, systemClock)
    case 'ha_standby':
      return createHaStandbyReplicator(inputs)
    case 'raft':
      return createRaftModeReplicator(inputs)
    default:
      throw new Error(`no replicator is built for ${settings.clusterMode} mode`)
  }
}

async function createHaStandbyReplicator({ settings, graph, nodeId, logger, transportMetrics, walRetainedEntries }: ReplicatorInputs): Promise<Replicator> {
  const { haRole, haPeerAddr } = settings
  // The settings checks make both required in ha_standby mode.
  if (haRole === undefined || haPeerAddr === undefined) throw new Error('ha_standby mode needs NORNICDB_CLUSTER_HA_ROLE and NORNICDB_CLUSTER_HA_PEER_ADDR')
  const wal = await WriteAheadLog.open(join(settings.clusterDataDir, 'wal'), { retainEntries: walRetainedEntries ?? HA_WAL_RETAINED_ENTRIES })
  const { file: state, created } = await HaStateFile.load(settings.clusterDataDir, haRole)
  const clusterLogger = replicationLogger(logger, 'ha_standby', settings.clusterDebug)
  if (!created && state.state.role !== haRole) {
    clusterLogger.info(
      { nodeId, role: state.state.role, epoch: state.state.epoch, configuredRole: haRole },
      `${nodeId} is ${state.state.role} at epoch ${state.state.epoch} as its cluster data dir records; NORNICDB_CLUSTER_HA_ROLE=${haRole} only sets the role of a new cluster`,
    )
  }
  const env: TransportEnvironment = {
    clock: systemClock,
    random: Math.random,
    logger: clusterLogger,
    metrics: transportMetrics,
  }
  const self = { nodeId, clusterId: settings.raftClusterId }
  const peer = new PeerClient({
    self, env,
    peer: { host: haPeerAddr.host, port: haPeerAddr.port },
    maxFrameBytes: settings.maxFrameBytes,
    reconnect: { baseMs: settings.haReconnectIntervalMs, maxMs: Math.max(settings.haReconnectIntervalMs, settings.haMaxReconnectBackoffMs) },
  })
  const port = createClusterPort(settings, self, env)
  const replicator = new HaStandbyReplicator({
    nodeId,
    httpUrl: advertisedHttpUrl(settings),
    boltAddress: `${settings.boltAdvertiseAddr.host}:${settings.boltAdvertiseAddr.port}`,
    peerAddress: `${haPeerAddr.host}:${haPeerAddr.port}`,
    config: {
      syncMode: settings.haSyncMode,
      heartbeatMs: settings.haHeartbeatMs,
      failoverTimeoutMs: settings.haFailoverTimeoutMs,
      autoFailover: settings.haAutoFailover,
      walBatchSize: settings.haWalBatchSize,
      walBatchTimeoutMs: settings.haWalBatchTimeoutMs,
      syncTimeoutMs: settings.haSyncTimeoutMs,
    },
    graph, wal, state, peer,
    listener: {
      async listen() {
        await port.listen()
        peer.start()
      },
      async close() {
        await peer.close()
        await port.close()
        await wal.close()
      },
    },
    clock: systemClock,
    logger: clusterLogger,
  })
  port.serve(replicator)
  return replicator
}

function createRaftModeReplicator({ settings, graph, nodeId, logger, transportMetrics }: ReplicatorInputs): Promise<Replicator> {
  const clusterLogger = replicationLogger(logger, 'raft', settings.clusterDebug)
  return createRaftReplicator({
    settings, graph, nodeId,
    env: { clock: systemClock, random: Math.random, logger: clusterLogger, metrics: transportMetrics },
    clock: systemClock,
    seed: randomInt(2 ** 31),
    onFatal: (error) => {
      clusterLogger.fatal({ err: error }, `${nodeId} stops: its raft engine failed: ${error.message}`)
      process.exit(1)
    },
  })
}

/** The HTTP address the peer can name to clients: the listen host, or the advertised cluster host when listening on every interface. */
function advertisedHttpUrl(settings: Settings): string {
  const wildcard = settings.listenHost === '0.0.0.0' || settings.listenHost === '::'
  const host = wildcard ? settings.advertiseAddr.host : settings.listenHost
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${settings.httpPort}`
}
