import type { SnapshotFiles, SnapshotWriter } from '../storage/snapshot-files.js'
import type { Message, NodeId, SnapshotMessage } from '../types.js'
import type { RaftTransport, SnapshotChunk } from './raft-transport.js'

/** Records per chunk are gathered up to about this many bytes (well under the frame limit). */
export const DEFAULT_SNAPSHOT_CHUNK_BYTES = 1024 * 1024

export interface SnapshotSenderOptions {
  readonly self: NodeId
  readonly files: SnapshotFiles
  readonly transport: RaftTransport
  readonly chunkBytes: number
  /** The stream of the snapshot at `index` to `peer` failed; the core should probe it again. */
  readonly onFailure: (peer: NodeId, index: number, error: unknown) => void
  /** No file holds the snapshot at `index` the core named (the newest may be in the state machine only); nothing was sent. */
  readonly onNoFile: (peer: NodeId, index: number) => void
  /** The last chunk was acknowledged. */
  readonly onSent: (peer: NodeId, index: number) => void
}

/**
 * The leader's side of InstallSnapshot: streams the snapshot file the core's message names to one
 * follower, a chunk at a time, each acknowledged before the next. At most one stream per follower.
 * When no file holds that snapshot, it says so and sends nothing.
 * The file is opened once; if a newer snapshot replaces it meanwhile, the open handle still reads it.
 */
export class SnapshotSender {
  readonly #options: SnapshotSenderOptions
  readonly #streams = new Map<NodeId, Promise<void>>()
  #stopped = false

  constructor(options: SnapshotSenderOptions) {
    this.#options = options
  }

  /** Starts streaming to `message.to` unless a stream to it is already running. */
  start(message: SnapshotMessage): void {
    if (this.#stopped || this.#streams.has(message.to)) return
    const stream = this.#stream(message).then(
      (sent) => (sent ? this.#options.onSent(message.to, message.snapshot.index) : this.#options.onNoFile(message.to, message.snapshot.index)),
      (error: unknown) => {
        if (!this.#stopped) this.#options.onFailure(message.to, message.snapshot.index, error)
      },
    ).finally(() => this.#streams.delete(message.to))
    this.#streams.set(message.to, stream)
  }

  /**
   * Sends no further chunk. A chunk already on its way is not waited for: its request ends when
   * the peer answers or when the node closes its peer clients, and the stream's file closes then.
   */
  stop(): void {
    this.#stopped = true
  }

  /** Resolves false when there is no file to send. */
  async #stream(message: SnapshotMessage): Promise<boolean> {
    const { files, transport, chunkBytes } = this.#options
    const reader = await files.open(message.snapshot.index)
    if (reader === undefined) return false
    try {
      let seq = 0
      let records: string[] = []
      let bytes = 0
      const chunk = (done: boolean): SnapshotChunk => ({
        from: this.#options.self, to: message.to, term: message.term, snapshot: reader.meta, seq: seq++, records, done,
      })
      for await (const record of reader.records()) {
        records.push(record)
        bytes += record.length
        if (bytes < chunkBytes) continue
        if (this.#stopped) throw new Error('the raft engine is stopping')
        await transport.sendSnapshotChunk(chunk(false))
        records = []
        bytes = 0
      }
      await transport.sendSnapshotChunk(chunk(true))
      return true
    } finally {
      await reader.close()
    }
  }
}

interface Incoming {
  readonly from: NodeId
  readonly term: number
  readonly index: number
  nextSeq: number
  readonly writer: SnapshotWriter
}

/**
 * The follower's side of InstallSnapshot: writes the chunks of one stream to a file and, once the
 * last one is fsynced under its final name, hands the core the snapshot message, so the snapshot
 * the core records always has its data on disk. Chunks are handled one at a time.
 */
export class SnapshotReceiver {
  readonly #self: NodeId
  readonly #files: SnapshotFiles
  readonly #deliver: (message: Message) => void
  #incoming: Incoming | undefined
  #queue: Promise<unknown> = Promise.resolve()

  constructor(self: NodeId, files: SnapshotFiles, deliver: (message: Message) => void) {
    this.#self = self
    this.#files = files
    this.#deliver = deliver
  }

  receive(chunk: SnapshotChunk): Promise<void> {
    const handled = this.#queue.then(() => this.#receive(chunk))
    this.#queue = handled.catch(() => undefined)
    return handled
  }

  /** Drops an unfinished stream. */
  async stop(): Promise<void> {
    await this.#queue
    await this.#incoming?.writer.abort()
    this.#incoming = undefined
  }

  async #receive(chunk: SnapshotChunk): Promise<void> {
    if (chunk.to !== this.#self) throw new Error(`a snapshot chunk for ${chunk.to} reached ${this.#self}`)
    if (chunk.seq === 0) {
      await this.#incoming?.writer.abort()
      this.#incoming = undefined
      const writer = await this.#files.create(chunk.snapshot)
      this.#incoming = { from: chunk.from, term: chunk.term, index: chunk.snapshot.index, nextSeq: 0, writer }
    }
    const incoming = this.#incoming
    if (
      incoming === undefined ||
      incoming.from !== chunk.from ||
      incoming.term !== chunk.term ||
      incoming.index !== chunk.snapshot.index ||
      incoming.nextSeq !== chunk.seq
    ) {
      throw new Error(`snapshot chunk ${chunk.seq} of index ${chunk.snapshot.index} from ${chunk.from} does not continue a stream`)
    }
    for (const record of chunk.records) await incoming.writer.write(record)
    incoming.nextSeq++
    if (!chunk.done) return
    this.#incoming = undefined
    await incoming.writer.finish()
    this.#deliver({ type: 'snapshot', from: chunk.from, to: this.#self, term: chunk.term, snapshot: chunk.snapshot })
  }
}
