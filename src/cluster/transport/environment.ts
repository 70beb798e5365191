import type { Clock } from '../clock.js'
import type { RejectReason } from './frame-codec.js'

/** The slice of a pino logger the transport writes to. */
export interface TransportLogger {
  warn(fields: object, message: string): void
  info(fields: object, message: string): void
  debug(fields: object, message: string): void
}

/** Counts what the transport refuses; the server wires it to nornicdb_transport_rejected_frames_total{reason}. */
export interface TransportMetrics {
  rejectedFrame(reason: RejectReason): void
}

/**
 * The world the transport runs in, handed in by whoever builds it (src/server/ in the node, a test
 * here). `random` returns a number in [0, 1) and only spreads reconnect attempts.
 */
export interface TransportEnvironment {
  readonly clock: Clock
  readonly random: () => number
  readonly logger: TransportLogger
  readonly metrics: TransportMetrics
}

/** This node, as it names itself in every frame it sends and expects in every frame it receives. */
export interface NodeIdentity {
  readonly nodeId: string
  readonly clusterId: string
}
