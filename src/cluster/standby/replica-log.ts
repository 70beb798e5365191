import type { QueryResult, WriteCommand } from '../../graph/command.js'
import type { SnapshotChunk } from '../../graph/store/graph-store.js'
import { isNornicError } from '../../errors/index.js'
import { decodeWriteRequest } from '../value-codec.js'
import type { BatchAnswer, BatchRejection, EntriesBatch, SnapshotBatch, StandbyProgress } from './messages.js'
import { entryBytes, type WalEntry, type WalPoint, type WriteAheadLog } from './wal.js'

/** The slice of the graph database hot standby drives (GraphDatabase has it). */
export interface ReplicatedGraph {
  /** The index of the last command whose effects are stored. */
  readonly appliedIndex: number
  /** Applies one command; undefined when `context.index` is not above `appliedIndex` (replay is idempotent). */
  apply(command: WriteCommand): Promise<QueryResult[] | undefined>
  snapshot(): AsyncIterable<SnapshotChunk>
  restore(chunks: AsyncIterable<SnapshotChunk>): Promise<void>
}

export interface ReplicaLogLogger {
  info(fields: object, message: string): void
  warn(fields: object, message: string): void
  error(fields: object, message: string): void
  debug(fields: object, message: string): void
}

/**
 * A node's copy of the replicated history: its WAL and the graph the WAL's commands were applied to.
 * On the primary, `write` logs (fsync) and then applies each new command; on the standby, `receive`
 * takes the primary's batches in order, acknowledges at the stage the sync mode asks for and persists
 * and applies the rest behind the answer, one batch at a time.
 *
 * Invariant: applied <= persisted <= received, except on a node whose graph holds commands its WAL no
 * longer has (a discarded tail, or a crash during a snapshot restore): then `applied` is above, and the
 * next batch it receives asks for a snapshot.
 */
export class ReplicaLog {
  #received: WalPoint
  #applied: number
  #appliedTimestamp = 0
  #discardedEntries = 0
  #bytesReceived = 0
  #work: Promise<void> = Promise.resolve()
  #snapshotChunks: SnapshotChunk[] = []

  constructor(
    private readonly wal: WriteAheadLog,
    private readonly graph: ReplicatedGraph,
    private readonly logger: ReplicaLogLogger,
    private readonly nodeId: string,
  ) {
    this.#received = wal.last
    this.#applied = graph.appliedIndex
  }

  get last(): WalPoint {
    return this.wal.last
  }

  get progress(): StandbyProgress {
    return { received: this.#received.index, persisted: this.wal.lastIndex, applied: this.#applied }
  }

  get appliedTimestamp(): number {
    return this.#appliedTimestamp
  }

  /** Entries this node dropped because an old primary wrote them past the point the new primary's log agrees with. */
  get discardedEntries(): number {
    return this.#discardedEntries
  }

  get bytesReceived(): number {
    return this.#bytesReceived
  }

  /** Brings the graph up to the WAL after a restart: commands logged but not applied when the node stopped. */
  async recover(): Promise<void> {
    const graphApplied = this.graph.appliedIndex
    if (graphApplied === 0 && this.wal.base.index > 0) {
      // An interrupted snapshot restore leaves an empty graph behind a log that starts later: start the log
      // over. (A graph merely below the base is one whose last commands before it failed, which is fine.)
      this.logger.warn({ nodeId: this.nodeId, appliedIndex: graphApplied, walBase: this.wal.base.index }, `${this.nodeId} graph is behind its WAL base; it will catch up from the primary`)
      await this.wal.resetTo({ index: graphApplied, epoch: 0 })
    }
    const pending = this.wal.entriesFrom(Math.max(graphApplied + 1, this.wal.firstIndex), Number.MAX_SAFE_INTEGER)
    for (const entry of pending) await this.#apply(entry)
    this.#received = this.wal.last
    this.#applied = Math.max(graphApplied, this.wal.lastIndex)
    if (pending.length > 0) this.logger.info({ nodeId: this.nodeId, replayed: pending.length }, `${this.nodeId} replayed ${pending.length} WAL entries into the graph`)
  }

  /** Primary: logs the next command (fsync), tells `onLogged`, and applies it. The caller runs one write at a time. */
  async write(entry: WalEntry, onLogged: () => void): Promise<QueryResult[]> {
    await this.wal.append([entry])
    this.#received = { index: entry.index, epoch: entry.epoch }
    // The standby may receive the entry while this node applies it.
    onLogged()
    try {
      const results = await this.graph.apply(commandOf(entry))
      if (results === undefined) throw new Error(`command ${entry.index} was skipped as already applied`)
      return results
    } finally {
      this.#applied = entry.index
      this.#appliedTimestamp = entry.timestamp
    }
  }

  /** Resolves once every batch taken so far is persisted and applied. */
  idle(): Promise<void> {
    return this.#work
  }

  /**
   * Standby: takes one batch. Resolves with the answer once the batch reached `batch.ack`; a rejected
   * batch changes nothing except that a conflicting tail is discarded first.
   */
  async receive(batch: EntriesBatch): Promise<BatchAnswer> {
    let entries: readonly WalEntry[] = batch.entries
    if (batch.prev.index !== this.#received.index || batch.prev.epoch !== this.#received.epoch) {
      const aligned = await this.#align(batch)
      if (typeof aligned === 'string') return this.#answer(batch.epoch, aligned)
      entries = aligned
    }
    const lastEntry = entries.at(-1)
    if (lastEntry === undefined) return this.#answer(batch.epoch)
    this.#received = { index: lastEntry.index, epoch: lastEntry.epoch }
    this.#bytesReceived += entryBytes(entries)
    let persisted!: () => void
    const persistedOrFailed = new Promise<void>((resolve) => (persisted = resolve))
    const done = this.#enqueue(async () => {
      await this.wal.append(entries)
      persisted()
      for (const entry of entries) await this.#apply(entry)
    })
    if (batch.ack === 'received') {
      done.catch(() => undefined)
      return this.#answer(batch.epoch)
    }
    if (batch.ack === 'persisted') await Promise.race([persistedOrFailed, done])
    else await done
    return this.#answer(batch.epoch)
  }

  /** Standby: takes one chunk of a snapshot; the last one replaces the graph and restarts the WAL after it. */
  async receiveSnapshot(batch: SnapshotBatch): Promise<BatchAnswer> {
    if (batch.seq === 0) this.#snapshotChunks = []
    else if (batch.seq !== this.#snapshotChunks.length) return this.#answer(batch.epoch, 'needs_snapshot')
    this.#snapshotChunks.push(batch.chunk)
    this.#bytesReceived += JSON.stringify(batch.chunk).length
    if (!batch.done) return this.#answer(batch.epoch)
    const chunks = this.#snapshotChunks
    this.#snapshotChunks = []
    await this.#enqueue(async () => {
      await this.graph.restore((async function* () { yield* chunks })())
      await this.wal.resetTo(batch.position)
      this.#received = batch.position
      this.#applied = batch.position.index
      this.#appliedTimestamp = 0
    })
    this.logger.info({ nodeId: this.nodeId, index: batch.position.index, epoch: batch.position.epoch }, `${this.nodeId} restored its graph from the primary's snapshot at index ${batch.position.index}`)
    return this.#answer(batch.epoch)
  }

  /**
   * Reconciles a batch that does not follow the last entry received: skips what this node already holds,
   * discards a conflicting tail (Raft's rule: only a conflict truncates), and asks for a snapshot when
   * the graph already holds commands past the agreed point or the WAL no longer reaches back to it.
   */
  async #align(batch: EntriesBatch): Promise<readonly WalEntry[] | BatchRejection> {
    await this.idle()
    const last = this.wal.last
    if (batch.prev.index > last.index) return 'mismatch'
    const epochThere = this.wal.epochAt(batch.prev.index)
    if (epochThere !== batch.prev.epoch) return epochThere === undefined || batch.prev.index <= this.wal.base.index ? 'needs_snapshot' : 'mismatch'
    let fresh = batch.entries
    while (fresh.length > 0 && fresh[0]!.index <= last.index && this.wal.epochAt(fresh[0]!.index) === fresh[0]!.epoch) fresh = fresh.slice(1)
    // Past the first conflicting entry, or past the primary's own last entry, this log holds a tail
    // only an old primary wrote.
    const firstFresh = fresh[0]
    const cut = firstFresh !== undefined && firstFresh.index <= last.index ? firstFresh.index - 1 : Math.min(last.index, batch.primaryLast)
    if (cut < last.index) {
      const discarded = await this.wal.truncateAfter(cut)
      this.#discardedEntries += discarded
      this.logger.warn({ nodeId: this.nodeId, discarded, keptUpTo: cut }, `${this.nodeId} discarded ${discarded} WAL entries past index ${cut} that the primary does not have`)
    }
    this.#received = this.wal.last
    if (this.#applied > this.wal.lastIndex) return 'needs_snapshot'
    return fresh
  }

  async #apply(entry: WalEntry): Promise<void> {
    try {
      await this.graph.apply(commandOf(entry))
    } catch (error) {
      // The primary got the same error from the same command on the same graph and answered its client
      // with it; a replica only has to end in the same state, which it does (nothing was stored).
      if (!isNornicError(error) || !error.code.startsWith('Neo.ClientError.')) throw error
      this.logger.debug({ nodeId: this.nodeId, index: entry.index, code: error.code }, `command ${entry.index} failed as it did on the primary`)
    }
    this.#applied = Math.max(this.#applied, entry.index)
    this.#appliedTimestamp = entry.timestamp
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#work.then(task)
    this.#work = run.catch((error: unknown) => {
      this.logger.error({ err: error, nodeId: this.nodeId }, `${this.nodeId} could not persist or apply replicated entries: ${(error as Error).message}`)
      // The primary resends from what is really on disk.
      this.#received = this.wal.last
    })
    return run
  }

  #answer(epoch: number, reason?: BatchRejection): BatchAnswer {
    return { epoch, ok: reason === undefined, ...(reason === undefined ? {} : { reason }), last: this.wal.last, progress: this.progress }
  }
}

/** The graph command a WAL entry holds: the primary's request, numbered and timed as the primary logged it. */
function commandOf(entry: WalEntry): WriteCommand {
  return { ...decodeWriteRequest(entry), context: { index: entry.index, timestamp: entry.timestamp } }
}
