import { join } from 'node:path'
import type { Settings } from '../../config/index.js'
import type { GraphDatabase } from '../../graph/database.js'
import type { Clock } from '../clock.js'
import { RaftDriver } from '../raft/driver/raft-driver.js'
import { TcpRaftTransport } from '../raft/driver/tcp-raft-transport.js'
import { createSeededRng } from '../raft/rng.js'
import { refuseEarlierRaftLog, SnapshotFiles, WalRaftStorage } from '../raft/storage/index.js'
import type { TransportEnvironment } from '../transport/environment.js'
import { PeerClient } from '../transport/peer-client.js'
import { createClusterPort } from '../cluster-port.js'
import { AddressBook } from './address-book.js'
import { bootstrapLog } from './bootstrap-log.js'
import { GraphStateMachine } from './graph-state-machine.js'
import { PeerDirectory } from './peer-directory.js'
import { RaftReplicator } from './raft-replicator.js'

export interface RaftModeInputs {
  readonly settings: Settings
  readonly graph: GraphDatabase
  readonly nodeId: string
  /** The transport's world: clock, randomness for reconnect spread, logger, metrics. */
  readonly env: TransportEnvironment
  readonly clock: Clock
  /** Seeds election jitter. */
  readonly seed: number
  /** Called when the engine hits corruption or a broken invariant and stopped: the node should exit. */
  readonly onFatal: (error: Error) => void
}

/** Reconnects fast: a follower that loses its leader wants the next one reachable at once. */
const RECONNECT = { baseMs: 50, maxMs: 1000 }

/**
 * Builds raft mode from the settings: the cluster port, one client per known peer, the Raft log
 * and snapshots under `<cluster data dir>/raft`, and the graph as the state machine. The node
 * with NORNICDB_CLUSTER_RAFT_BOOTSTRAP forms the cluster from itself and its peers; the others
 * wait for its leader to reach them.
 */
export async function createRaftReplicator(inputs: RaftModeInputs): Promise<RaftReplicator> {
  const { settings, graph, nodeId, env } = inputs
  const logger = env.logger
  const raftDir = join(settings.clusterDataDir, 'raft')
  await refuseEarlierRaftLog(join(raftDir, 'log'))
  const storage = new WalRaftStorage(join(raftDir, 'wal'))
  try {
    const configured = new Map(settings.raftPeers.map((peer) => [peer.id, `${peer.host}:${peer.port}`]))
    const addresses = await AddressBook.load(raftDir, configured)
    const outcome = await bootstrapLog(storage, nodeId, [...configured.keys()], settings.raftBootstrap)
    logBootstrap(outcome, nodeId, settings, logger)

    const self = { nodeId, clusterId: settings.raftClusterId }
    const peers = new PeerDirectory((id, address) => {
      const { host, port } = splitAddress(address)
      return new PeerClient({ self, env, peer: { id, host, port }, maxFrameBytes: settings.maxFrameBytes, reconnect: RECONNECT })
    })
    const transport = new TcpRaftTransport({ self: nodeId, peers: new Map(), logger })
    peers.onAdded((id, client) => transport.addPeer(id, client))
    peers.onRemoved((id) => transport.removePeer(id))

    const port = createClusterPort(settings, self, env)
    port.server.on('peer-disconnected', ({ peerId }) => transport.peerDisconnected(peerId))

    const stateMachine = new GraphStateMachine(graph, addresses)
    const replicator = new RaftReplicator({
      nodeId,
      transport,
      port,
      peers,
      addresses,
      boltAddress: `${settings.boltAdvertiseAddr.host}:${settings.boltAdvertiseAddr.port}`,
      closeStorage: () => storage.close(),
      replicationBytes: () => stateMachine.appliedBytes,
      clock: inputs.clock,
      writeTimeoutMs: settings.writeTimeoutMs,
      maxFrameBytes: settings.maxFrameBytes,
      electionTimeoutMs: settings.raftElectionTimeoutMs,
      logger,
      startDriver: ({ onEvent, onLogSaved }) => RaftDriver.start({
        id: nodeId,
        storage,
        snapshots: new SnapshotFiles(join(raftDir, 'snapshots')),
        stateMachine,
        transport,
        bootstrap: { voters: [], learners: [] },
        electionTimeoutMs: settings.raftElectionTimeoutMs,
        heartbeatTimeoutMs: settings.raftHeartbeatTimeoutMs,
        rng: createSeededRng(inputs.seed),
        tuning: { maxAppendEntries: settings.raftMaxAppendEntries, maxAppendSize: appendSizeFor(settings.maxFrameBytes), trailingLogs: settings.raftTrailingLogs },
        snapshotThreshold: settings.raftSnapshotThreshold,
        snapshotIntervalMs: settings.raftSnapshotIntervalMs,
        logger,
        onEvent,
        onLogSaved,
        onFatal: inputs.onFatal,
      }),
    })
    port.serve(replicator)
    return replicator
  } catch (error) {
    await storage.close()
    throw error
  }
}

function logBootstrap(outcome: Awaited<ReturnType<typeof bootstrapLog>>, nodeId: string, settings: Settings, logger: TransportEnvironment['logger']): void {
  const cluster = settings.raftClusterId
  switch (outcome) {
    case 'formed':
      logger.info({ node: nodeId, cluster }, `${nodeId} formed cluster ${cluster} with voters ${[nodeId, ...settings.raftPeers.map((peer) => peer.id)].sort().join(', ')}`)
      return
    case 'ignored':
      logger.info({ node: nodeId, cluster }, `${nodeId} already has raft state; NORNICDB_CLUSTER_RAFT_BOOTSTRAP=true is ignored and the stored cluster is kept`)
      return
    case 'joining':
      logger.info({ node: nodeId, cluster }, `${nodeId} has no raft state and does not bootstrap; it waits for the leader of cluster ${cluster} to reach it`)
      return
    case 'resumed':
      return
  }
}

/** host:port, with an IPv6 host in brackets. */
function splitAddress(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':')
  return { host: address.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(address.slice(at + 1)) }
}

/**
 * The data one append may carry: 1 MiB (etcd's MaxSizePerMsg), or a quarter of the cluster port's
 * frame limit when that is smaller, since JSON escapes the commands' quotes on the wire.
 */
function appendSizeFor(maxFrameBytes: number): number {
  return Math.min(1024 ** 2, Math.floor(maxFrameBytes / 4))
}
