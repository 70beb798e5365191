import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { CLUSTER_MODES } from '../config/settings.js'
import type { Replicator } from '../cluster/replicator.js'
import type { TransportMetrics } from '../cluster/transport/environment.js'
import type { GraphDatabase } from '../graph/database.js'

export interface NodeMetrics {
  readonly registry: Registry
  readonly httpRequests: Counter<'method' | 'route' | 'status'>
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>
}

const GAUGES_NAMED_LIKE_COUNTERS = [
  'nornicdb_nodejs_active_handles_total',
  'nornicdb_nodejs_active_requests_total',
  'nornicdb_nodejs_active_resources_total',
]

/**
 * Frames the cluster port refused, by reason. Made before the replicator, which hands it to its
 * transport, and registered in the node's registry.
 */
export function createTransportMetrics(registry: Registry): TransportMetrics {
  const rejected = new Counter({
    name: 'nornicdb_transport_rejected_frames_total', help: 'Cluster-port frames refused (the connection was closed), by reason',
    labelNames: ['reason'] as const, registers: [registry],
  })
  return { rejectedFrame: (reason) => rejected.inc({ reason }) }
}

/** One registry per node (never prom-client's global one), so several nodes can live in one test process. */
export function createNodeMetrics(registry: Registry, graph: Pick<GraphDatabase, 'counts'>, replicator: Pick<Replicator, 'status'>): NodeMetrics {
  collectDefaultMetrics({ register: registry, prefix: 'nornicdb_' })
  // These gauges end in _total, which Prometheus keeps for counters (promtool refuses them);
  // the active handle and request counts they carry are not worth a rename.
  for (const name of GAUGES_NAMED_LIKE_COUNTERS) registry.removeSingleMetric(name)
  const registers = [registry]

  const httpRequests = new Counter({
    name: 'nornicdb_http_requests_total', help: 'HTTP requests answered, by route and status',
    labelNames: ['method', 'route', 'status'] as const, registers,
  })
  const httpRequestDuration = new Histogram({
    name: 'nornicdb_http_request_duration_seconds', help: 'Time to answer an HTTP request, by route and status',
    labelNames: ['method', 'route', 'status'] as const, registers,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  })
  new Gauge({
    name: 'nornicdb_graph_nodes', help: 'Nodes in the graph', registers,
    async collect() { this.set((await graph.counts()).nodes) },
  })
  new Gauge({
    name: 'nornicdb_graph_relationships', help: 'Relationships in the graph', registers,
    async collect() { this.set((await graph.counts()).relationships) },
  })
  new Gauge({
    name: 'nornicdb_replication_mode', help: 'The replication mode this node runs in (1 for its mode)',
    labelNames: ['mode'] as const, registers,
    collect() {
      const { mode } = replicator.status()
      for (const candidate of CLUSTER_MODES) this.set({ mode: candidate }, candidate === mode ? 1 : 0)
    },
  })
  new Gauge({
    name: 'nornicdb_replication_is_leader', help: '1 when this node takes writes (leader, primary or standalone)', registers,
    collect() { this.set(replicator.status().isLeader ? 1 : 0) },
  })
  new Gauge({
    name: 'nornicdb_replication_commit_index', help: 'Highest command index known to be committed', registers,
    collect() { this.set(replicator.status().commitIndex) },
  })
  new Gauge({
    name: 'nornicdb_replication_applied_index', help: 'Highest command index applied to the local graph', registers,
    collect() { this.set(replicator.status().appliedIndex) },
  })
  registerReplicationHealthMetrics(registry, replicator)
  registerRaftMetrics(registry, replicator)
  return { registry, httpRequests, httpRequestDuration }
}

/**
 * The guide's replication health metrics (lag, peer health, WAL position, bytes replicated), plus
 * the epoch and the semi_sync degraded flag of hot standby. All read the replicator's status when scraped.
 */
function registerReplicationHealthMetrics(registry: Registry, replicator: Pick<Replicator, 'status'>): void {
  const registers = [registry]
  new Gauge({
    name: 'nornicdb_replication_lag_seconds', help: 'How far this node (or, on a primary, its standby) is behind, in seconds', registers,
    collect() { this.set(replicator.status().lag?.seconds ?? 0) },
  })
  new Gauge({
    name: 'nornicdb_replication_lag_entries', help: 'How far this node (or, on a primary, its standby) is behind, in log entries', registers,
    collect() {
      const status = replicator.status()
      this.set(status.lag?.entries ?? Math.max(0, status.commitIndex - status.appliedIndex))
    },
  })
  for (const name of ['nornicdb_replication_peer_healthy', 'nornicdb_peer_healthy']) {
    new Gauge({
      name, help: '1 when the peer is connected and heard from recently', labelNames: ['peer'] as const, registers,
      collect() {
        this.reset()
        for (const peer of replicator.status().peers) this.set({ peer: peer.id }, peer.healthy ? 1 : 0)
      },
    })
  }
  new Gauge({
    name: 'nornicdb_wal_position', help: 'Index of the last entry in this node\'s log', registers,
    collect() {
      const status = replicator.status()
      this.set(status.walPosition ?? status.appliedIndex)
    },
  })
  counterOfTotal(registers, 'nornicdb_replication_bytes_total', 'Bytes of replicated commands sent and received', () => replicator.status().replicationBytes ?? 0)
  new Gauge({
    name: 'nornicdb_replication_degraded', help: '1 while semi_sync writes are acknowledged without the standby', registers,
    collect() { this.set(replicator.status().degraded === true ? 1 : 0) },
  })
  new Gauge({
    name: 'nornicdb_replication_epoch', help: 'Hot standby epoch (raised by each promotion)', registers,
    collect() { this.set(replicator.status().epoch ?? 0) },
  })
}

/** A replicator that reports how long each write it proposed took to commit and apply, and each write of its log (raft mode). */
interface RaftLatencySource {
  onCommitLatency(listener: (seconds: number) => void): void
  onLogSave(listener: (seconds: number) => void): void
}

/** Raft's term and leader changes, and the commit latency of writes proposed on this node. */
function registerRaftMetrics(registry: Registry, replicator: Pick<Replicator, 'status'>): void {
  const registers = [registry]
  new Gauge({
    name: 'nornicdb_raft_term', help: 'The Raft term this node is in (0 outside raft mode)', registers,
    collect() { this.set(replicator.status().term ?? 0) },
  })
  counterOfTotal(registers, 'nornicdb_cluster_leader_changes_total', 'Times this node saw the leader change since it started', () => replicator.status().leaderChanges ?? 0)
  const commitLatency = new Histogram({
    name: 'nornicdb_raft_commit_latency_seconds', help: 'Time from proposing a write on the leader to its being committed and applied', registers,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  })
  // etcd's etcd_disk_wal_fsync_duration_seconds: a slow disk shows here before anywhere else.
  const logSave = new Histogram({
    name: 'nornicdb_raft_log_fsync_duration_seconds', help: 'Time each durable write of the Raft log took on this node, its fsync included', registers,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  })
  const source = replicator as Partial<RaftLatencySource>
  if (typeof source.onCommitLatency === 'function') source.onCommitLatency((seconds) => commitLatency.observe(seconds))
  if (typeof source.onLogSave === 'function') source.onLogSave((seconds) => logSave.observe(seconds))
}

/** A counter that follows a running total the node keeps (read at each scrape), so it only ever rises. */
function counterOfTotal(registers: Registry[], name: string, help: string, total: () => number): void {
  let counted = 0
  new Counter({
    name, help, registers,
    collect() {
      const now = total()
      if (now > counted) this.inc(now - counted)
      counted = Math.max(counted, now)
    },
  })
}
