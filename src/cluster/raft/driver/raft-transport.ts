import type { Message, NodeId, SnapshotMeta } from '../types.js'

/**
 * One piece of a snapshot on its way from the leader to a follower. Chunks of one snapshot go
 * out one at a time, each acknowledged before the next (`seq` 0, 1, 2, ...); the one with `done`
 * set closes the stream. The first chunk opens a new stream and drops any unfinished one.
 */
export interface SnapshotChunk {
  readonly from: NodeId
  readonly to: NodeId
  readonly term: number
  readonly snapshot: SnapshotMeta
  readonly seq: number
  readonly records: readonly string[]
  readonly done: boolean
}

/** What the driver does with what arrives. */
export interface RaftTransportHandlers {
  /** A Raft message from a peer (never a `snapshot` one: those arrive as chunks). */
  message(message: Message): void
  /** Resolves once the chunk is durable on this node; rejecting makes the sender give up the stream. */
  snapshotChunk(chunk: SnapshotChunk): Promise<void>
  /** The connection to `peer` was lost (the leader's, perhaps: time to look for a new one). */
  peerDisconnected(peer: NodeId): void
}

/**
 * The network as the driver sees it. Raft messages are one-way, etcd style: `send` never waits
 * and may drop (Raft repeats what matters); snapshot chunks are requests, so a stream knows when
 * it has failed.
 */
export interface RaftTransport {
  /** Starts delivering inbound traffic to `handlers`; called once. */
  start(handlers: RaftTransportHandlers): Promise<void>
  /** Sends one message to `message.to`; drops it when that peer is not connected. */
  send(message: Message): void
  /** Resolves when the peer has the chunk; rejects when it refused it or cannot be reached. */
  sendSnapshotChunk(chunk: SnapshotChunk): Promise<void>
  /** Stops delivering; resolves once nothing more will arrive. */
  close(): Promise<void>
}
