import type { SnapshotChunk } from '../../graph/store/graph-store.js'
import type { MessageBody } from '../transport/frame-codec.js'
import { divergencePoint, type EpochRecord } from './epoch-history.js'
import { readBody, type AckLevel, type BatchAnswer, type EntriesBatch, type SnapshotBatch, type StandbyProgress } from './messages.js'
import type { ReplicaLogLogger } from './replica-log.js'
import { entryBytes, type WalPoint, type WriteAheadLog } from './wal.js'

/** The outbound link to the peer, as the hot standby uses it (PeerClient has it). */
export interface PeerLink {
  readonly isConnected: boolean
  request(type: 'WALBatch' | 'Heartbeat' | 'Fence' | 'Promote', body: MessageBody, options?: { timeoutMs?: number }): Promise<{ readonly from: string; readonly body: MessageBody }>
  /** Calls `listener` each time an established connection is lost; returns the function that stops it. */
  on(event: 'disconnected', listener: (payload: unknown) => void): () => void
}

export type SyncMode = 'async' | 'semi_sync' | 'sync' | 'quorum'

/** The stage of the standby each sync mode waits for (async waits for none, but still asks for the cheapest). */
export const ACK_LEVEL: Readonly<Record<SyncMode, AckLevel>> = { async: 'received', semi_sync: 'received', sync: 'persisted', quorum: 'applied' }

export interface ShipperOptions {
  readonly nodeId: string
  readonly wal: WriteAheadLog
  readonly peer: PeerLink
  readonly logger: ReplicaLogLogger
  readonly syncMode: SyncMode
  readonly batchSize: number
  /** How long a batch smaller than batchSize may wait for more entries before it leaves (0: never). */
  readonly batchTimeoutMs: number
  readonly syncTimeoutMs: number
  readonly idleWakeMs: number
  /** How recently the standby must have answered to count as attached. */
  readonly freshnessMs: number
  readonly now: () => number
  readonly epoch: () => number
  readonly history: () => readonly EpochRecord[]
  /** A snapshot of the graph and the WAL point it stands for, taken between two writes. */
  readonly takeSnapshot: () => Promise<{ position: WalPoint; chunks: AsyncIterator<SnapshotChunk> }>
  /** The standby answered with a higher epoch: this node must stop being primary. */
  readonly onHigherEpoch: (epoch: number, from: string) => void
}

interface AckWaiter {
  readonly level: AckLevel
  readonly index: number
  readonly settle: (outcome: 'acked' | 'timeout' | 'stopped') => void
}

/**
 * The primary's side of WAL streaming: sends the standby what it lacks, one batch at a time, in
 * order (entries, or a snapshot when the WAL no longer reaches back far enough), tracks how far the
 * standby has got, and lets each write wait for the stage its sync mode promises.
 *
 * It only sends once it knows where the standby's log ends (`attach`, from a heartbeat); after any
 * failed exchange it forgets that and waits for the next heartbeat, so a reconnecting or restarted
 * standby is always resumed from what it really holds.
 */
export class WalShipper {
  #running = false
  #next: number | undefined
  #lastMismatch: number | undefined
  #needSnapshot = false
  #progress: StandbyProgress = { received: 0, persisted: 0, applied: 0 }
  #waiters = new Set<AckWaiter>()
  #wake: (() => void) | undefined
  #loop: Promise<void> = Promise.resolve()
  #degraded = false
  #bytesSent = 0
  #heardAtMs = 0

  constructor(private readonly options: ShipperOptions) {}

  /** How far the standby has got, as it last said. */
  get progress(): StandbyProgress {
    return this.#progress
  }

  /** True while the primary knows where the standby's log ends, the link is up and the standby answered lately. */
  get attached(): boolean {
    return this.#running && this.#next !== undefined && this.options.peer.isConnected && this.options.now() - this.#heardAtMs <= this.options.freshnessMs
  }

  /** semi_sync only: the standby did not confirm in time, so writes are acknowledged by the primary alone. */
  get degraded(): boolean {
    return this.#degraded
  }

  get bytesSent(): number {
    return this.#bytesSent
  }

  start(options: { degraded: boolean }): void {
    if (this.#running) return
    this.#running = true
    this.#next = undefined
    this.#needSnapshot = false
    this.#degraded = options.degraded && this.options.syncMode === 'semi_sync'
    if (this.#degraded) this.#warnDegraded('the standby is not reachable')
    this.#loop = this.#run()
  }

  /** Stops sending; every write still waiting for the standby learns its outcome is unknown. */
  async stop(): Promise<void> {
    this.#running = false
    this.#next = undefined
    for (const waiter of [...this.#waiters]) waiter.settle('stopped')
    this.#wake?.()
    await this.#loop
  }

  /** The standby said where its log ends (heartbeat): resume streaming from where the two logs agree, or note its progress. */
  attach(standbyLast: WalPoint, progress: StandbyProgress): void {
    // A heartbeat the standby sent just before it died may be read after the link dropped: it proves nothing.
    if (!this.#running || !this.options.peer.isConnected) return
    this.#heardAtMs = this.options.now()
    if (this.#next !== undefined) {
      // Already streaming: the heartbeat only tells how far the standby got behind its last answer. Only a
      // log that ends in this epoch surely agrees with this one; an older tail may still be discarded.
      if (standbyLast.epoch !== this.options.epoch()) return
      const known = this.#progress
      this.#setProgress({ received: Math.max(known.received, progress.received), persisted: Math.max(known.persisted, progress.persisted), applied: Math.max(known.applied, progress.applied) })
      return
    }
    const { wal } = this.options
    const agreed = divergencePoint(this.options.history(), wal.lastIndex, standbyLast)
    this.#setProgress({ received: Math.min(progress.received, agreed), persisted: Math.min(progress.persisted, agreed), applied: Math.min(progress.applied, agreed) })
    this.#next = agreed + 1
    this.#needSnapshot = agreed < wal.base.index
    this.notify()
  }

  /**
   * The link to the standby dropped: forget where its log ends until a heartbeat says so again, so that
   * a write never counts on a standby that may be gone (a reconnect alone proves nothing).
   */
  detach(): void {
    this.#next = undefined
    this.#heardAtMs = Number.NEGATIVE_INFINITY
  }

  /** A new entry is in the WAL. */
  notify(): void {
    this.#wake?.()
  }

  /**
   * Waits (bounded by the sync timeout) until the standby reached `level` for `index`. Resolves true when
   * it did, false on timeout; 'stopped' when this node stopped being primary first.
   */
  waitFor(level: AckLevel, index: number, timeoutMs = this.options.syncTimeoutMs): Promise<'acked' | 'timeout' | 'stopped'> {
    if (!this.#running) return Promise.resolve('stopped')
    if (this.#progress[level] >= index) return Promise.resolve('acked')
    return new Promise((resolve) => {
      const timer = setTimeout(() => waiter.settle('timeout'), timeoutMs)
      const waiter: AckWaiter = {
        level, index,
        settle: (outcome) => {
          clearTimeout(timer)
          this.#waiters.delete(waiter)
          resolve(outcome)
        },
      }
      this.#waiters.add(waiter)
    })
  }

  /** semi_sync: a write the standby did not confirm in time is acknowledged anyway, and says so once. */
  degrade(reason: string): void {
    if (this.#degraded || this.options.syncMode !== 'semi_sync') return
    this.#degraded = true
    this.#warnDegraded(reason)
  }

  /** Resolves true once the standby is attached, false after `timeoutMs`. */
  async waitAttached(timeoutMs: number): Promise<boolean> {
    const deadline = this.options.now() + timeoutMs
    while (!this.attached) {
      if (!this.#running || this.options.now() >= deadline) return false
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    return true
  }

  #warnDegraded(reason: string): void {
    this.options.logger.warn({ nodeId: this.options.nodeId, syncMode: 'semi_sync', degraded: true }, `${this.options.nodeId} replication degraded from semi_sync to async: ${reason}; writes are acknowledged by the primary alone until the standby catches up`)
  }

  #setProgress(progress: StandbyProgress): void {
    this.#progress = progress
    for (const waiter of [...this.#waiters]) if (progress[waiter.level] >= waiter.index) waiter.settle('acked')
    if (this.#degraded && progress.received >= this.options.wal.lastIndex) {
      this.#degraded = false
      this.options.logger.info({ nodeId: this.options.nodeId, syncMode: 'semi_sync', degraded: false }, `${this.options.nodeId} replication is back to semi_sync: the standby caught up at index ${progress.received}`)
    }
  }

  async #run(): Promise<void> {
    while (this.#running) {
      const next = this.#next
      const behind = next !== undefined && (this.#needSnapshot || next <= this.options.wal.lastIndex)
      if (!behind || !this.options.peer.isConnected) {
        await this.#sleep()
        continue
      }
      try {
        if (this.#needSnapshot || next < this.options.wal.firstIndex) await this.#sendSnapshot()
        else {
          await this.#waitToFill(next)
          await this.#sendEntries(next)
        }
      } catch (error) {
        if (!this.#running) break
        this.options.logger.debug({ err: error, nodeId: this.options.nodeId }, `streaming the WAL to the standby failed: ${(error as Error).message}`)
        this.#next = undefined
        await this.#sleep()
      }
    }
  }

  /** Gives a batch up to batchTimeoutMs to reach batchSize; every append wakes it to look again. */
  async #waitToFill(next: number): Promise<void> {
    const { wal, batchSize, batchTimeoutMs, now } = this.options
    const deadline = now() + batchTimeoutMs
    for (let remaining = batchTimeoutMs; this.#running && remaining > 0 && wal.lastIndex - next + 1 < batchSize; remaining = deadline - now()) {
      await this.#sleep(remaining)
    }
  }

  #sleep(timeoutMs = this.options.idleWakeMs): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs)
      function done(): void {
        clearTimeout(timer)
        resolve()
      }
      this.#wake = done
    })
  }

  async #sendEntries(next: number): Promise<void> {
    const { wal } = this.options
    const entries = wal.entriesFrom(next, this.options.batchSize)
    const prev = { index: next - 1, epoch: wal.epochAt(next - 1) ?? 0 }
    const batch: EntriesBatch = {
      epoch: this.options.epoch(), history: this.options.history(), prev, entries,
      primaryLast: wal.lastIndex, ack: ACK_LEVEL[this.options.syncMode],
    }
    this.#bytesSent += entryBytes(entries)
    const answer = await this.#request(batch as unknown as MessageBody)
    if (answer === undefined) return
    if (answer.ok) {
      this.#next = answer.progress.received + 1
      this.#lastMismatch = undefined
      return
    }
    if (answer.reason === 'needs_snapshot') {
      this.#needSnapshot = true
      return
    }
    // mismatch: start again where the logs agree; the same answer twice means they agree nowhere we can find.
    const agreed = divergencePoint(this.options.history(), wal.lastIndex, answer.last)
    if (agreed === this.#lastMismatch) this.#needSnapshot = true
    this.#lastMismatch = agreed
    this.#next = agreed + 1
  }

  async #sendSnapshot(): Promise<void> {
    const { position, chunks } = await this.options.takeSnapshot()
    this.options.logger.info({ nodeId: this.options.nodeId, index: position.index }, `${this.options.nodeId} sending a snapshot at index ${position.index} to the standby`)
    try {
      let current = await chunks.next()
      for (let seq = 0; !current.done; seq += 1) {
        const following = await chunks.next()
        const batch: SnapshotBatch = {
          epoch: this.options.epoch(), history: this.options.history(), position, seq, chunk: current.value, done: following.done === true,
        }
        this.#bytesSent += JSON.stringify(current.value).length
        const answer = await this.#request(batch as unknown as MessageBody)
        if (answer === undefined || !answer.ok) throw new Error('the standby refused a snapshot chunk')
        current = following
      }
    } finally {
      await chunks.return?.()
    }
    this.#needSnapshot = false
    this.#next = position.index + 1
  }

  /** One WALBatch exchange; undefined when the answer came from a higher epoch (this node is no longer primary). */
  async #request(body: MessageBody): Promise<BatchAnswer | undefined> {
    const timeoutMs = Math.max(this.options.syncTimeoutMs, 5_000)
    const message = await this.options.peer.request('WALBatch', body, { timeoutMs })
    const answer = readBody<BatchAnswer>(message.body)
    if (answer.epoch > this.options.epoch()) {
      this.options.onHigherEpoch(answer.epoch, message.from)
      return undefined
    }
    if (!this.#running) return undefined
    this.#heardAtMs = this.options.now()
    this.#setProgress(answer.progress)
    return answer
  }
}
