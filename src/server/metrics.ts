import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { CLUSTER_MODES } from '../config/settings.js'
import type { Replicator } from '../cluster/replicator.js'
import type { GraphDatabase } from '../graph/database.js'

export interface NodeMetrics {
  readonly registry: Registry
  readonly httpRequests: Counter<'method' | 'route' | 'status'>
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>
}

/** One registry per node (never prom-client's global one), so several nodes can live in one test process. */
export function createNodeMetrics(graph: Pick<GraphDatabase, 'counts'>, replicator: Pick<Replicator, 'status'>): NodeMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'nornicdb_' })
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
  return { registry, httpRequests, httpRequestDuration }
}
