import { performance } from 'node:perf_hooks'
import { asError, NornicError } from '../../../errors/index.js'
import { DEFAULT_RAFT_TUNING, type RaftConfig, type RaftEventName, type RaftInitialState } from '../config.js'
import { RaftCore } from '../core.js'
import type { Rng } from '../rng.js'
import type { RaftStatus } from '../status.js'
import type { RaftStorage } from '../storage/raft-storage.js'
import type { SnapshotFiles } from '../storage/snapshot-files.js'
import { RaftStorageCorruption } from '../storage/storage-corruption.js'
import { maySendBeforePersisting, type ConfChange, type Entry, type HardState, type Membership, type Message, type NodeId, type Ready, type SnapshotMeta } from '../types.js'
import { recoverInitialState } from './recovery.js'
import { leadershipLost, noLeader, outcomeUnknown, refusalError, stopped } from './driver-errors.js'
import { DEFAULT_EMPTY_APPEND_HOLD_MS, HeldAppends } from './held-appends.js'
import type { RaftTransport } from './raft-transport.js'
import { DEFAULT_SNAPSHOT_CHUNK_BYTES, SnapshotReceiver, SnapshotSender } from './snapshot-streams.js'
import type { RaftStateMachine } from './state-machine.js'
import { intervalTicker, raftTiming, ticksIn, type RaftTiming, type Ticker } from './timing.js'
import { PendingProposals, PendingReads, type Outcome, type Waiter } from './waiters.js'

/** The slice of a pino logger the driver writes to. */
export interface DriverLogger {
  info(fields: object, message: string): void
  warn(fields: object, message: string): void
}

export type RaftTuning = Partial<Pick<RaftConfig, 'maxAppendEntries' | 'maxAppendSize' | 'maxInflight' | 'trailingLogs' | 'preVote' | 'checkQuorum'>>

export interface RaftDriverOptions<Result> {
  readonly id: NodeId
  readonly storage: RaftStorage
  readonly snapshots: SnapshotFiles
  readonly stateMachine: RaftStateMachine<Result>
  readonly transport: RaftTransport
  /** The founding membership; used only when the storage holds nothing yet. */
  readonly bootstrap: Membership
  readonly electionTimeoutMs: number
  readonly heartbeatTimeoutMs: number
  /** Seeds election jitter. */
  readonly rng: Rng
  /** Defaults to a real interval timer. */
  readonly ticker?: Ticker
  readonly tuning?: RaftTuning
  /** Entries applied since the last snapshot that trigger a new one; 0 turns it off. */
  readonly snapshotThreshold?: number
  /** A snapshot is taken this often when anything was applied since the last; 0 turns it off. */
  readonly snapshotIntervalMs?: number
  readonly snapshotChunkBytes?: number
  /** How long a leader's empty append waits for one with entries that makes it unneeded (see HeldAppends); 0 sends it at once. */
  readonly emptyAppendHoldMs?: number
  readonly logger?: DriverLogger
  readonly onEvent?: (event: RaftEventName, line: string) => void
  /** The driver hit corruption or a broken invariant and stopped; the node should exit. */
  readonly onFatal?: (error: Error) => void
  /** Told how long each durable write of the log took (its fsync included): the disk's latency, the floor under every commit. */
  readonly onLogSaved?: (seconds: number) => void
}

/** What the driver did, for tests, /metrics and the benchmark. */
export interface DriverCounters {
  /** Fsynced batches written for Readies (entries, hard state, snapshot). */
  fsyncs: number
  entriesPersisted: number
  entriesApplied: number
  snapshotsTaken: number
  snapshotsInstalled: number
  snapshotsSent: number
}

interface Transfer extends Waiter<NodeId> {
  readonly target: NodeId
  readonly deadlineTick: number
}

/** The outcome of an entry that does not reach the state machine (noop, membership change). */
const NO_EFFECT: Outcome = { ok: true, value: undefined }

/** Committed entries handed to the state machine in one call, at most. */
const MAX_ENTRIES_PER_APPLY = 512

const SILENT_LOGGER: DriverLogger = { info: () => undefined, warn: () => undefined }

/**
 * Runs one node's Raft core over a transport, a durable log and a state machine. Everything that
 * touches the core goes through one queue and one loop (the pump), because the core must not be
 * stepped between ready() and advance(): while the loop waits on the disk, messages, ticks and
 * proposals gather in the queue, and the next round hands them to the core together, so many
 * concurrent proposals become one append and one fsync.
 *
 * Each round follows the order written on `Ready`: a leader's appends go out first, so the
 * followers' fsyncs run beside its own; then fsync (snapshot, entries, hard state), the other
 * messages, and advance. Committed entries are applied by a second loop beside the pump, in log
 * order, so applying overlaps the fsyncs (those an earlier round wrote are queued before this
 * round's fsync, the rest after it); the pump waits for that loop only where the state machine
 * must stand still (installing or taking a snapshot).
 */
export class RaftDriver<Result = unknown> {
  readonly id: NodeId
  readonly counters: DriverCounters = { fsyncs: 0, entriesPersisted: 0, entriesApplied: 0, snapshotsTaken: 0, snapshotsInstalled: 0, snapshotsSent: 0 }
  readonly timing: RaftTiming
  readonly #options: RaftDriverOptions<Result>
  readonly #core: RaftCore
  readonly #logger: DriverLogger
  readonly #sender: SnapshotSender
  readonly #receiver: SnapshotReceiver
  readonly #heldAppends: HeldAppends
  readonly #proposals = new PendingProposals()
  readonly #reads = new PendingReads()
  #transfers: Transfer[] = []
  #snapshotWaiters: Waiter<SnapshotMeta>[] = []

  /** Work for the core, run at the start of the next round; `abandon` settles a call that never ran. */
  #inbox: { run: () => void; abandon?: (error: Error) => void }[] = []
  #pumping: Promise<void> | undefined
  /** Committed entries handed out by the core and not yet applied, in log order. */
  #toApply: Entry[] = []
  #applying: Promise<void> | undefined
  #stopTicker: (() => void) | undefined
  #stopped = false
  #failure: Error | undefined

  /** The hard state last written, and a newer one (commit only) waiting to ride with the next write. */
  #writtenHardState: HardState
  #unwrittenHardState: HardState | undefined
  #tick = 0
  #applied: number
  /** How many writes this node was asked to propose; #prepareAhead tells by it whether more came. */
  #proposalsMade = 0
  #snapshot: SnapshotMeta
  #snapshotIntervalTicks: number
  #snapshotIntervalDue = false
  /** A snapshot being taken beside the loop (a file written, or the state machine made durable), and one taken and not yet recorded. */
  #snapshotTaking: { readonly withFile: boolean; readonly done: Promise<void> } | undefined
  #snapshotTaken: SnapshotMeta | undefined
  /** A follower needs a snapshot and the newest one has no file: the next snapshot writes one. */
  #snapshotFileWanted = false
  #wasLeader = false
  #knownLeader = ''
  #steppedDownTick = 0
  #nextReadContext = 1

  private constructor(options: RaftDriverOptions<Result>, initial: RaftInitialState, timing: RaftTiming) {
    this.id = options.id
    this.#options = options
    this.timing = timing
    this.#logger = options.logger ?? SILENT_LOGGER
    this.#applied = initial.applied
    this.#snapshot = initial.snapshot
    this.#writtenHardState = initial.hardState
    this.#snapshotIntervalTicks = (options.snapshotIntervalMs ?? 0) > 0 ? ticksIn(options.snapshotIntervalMs!, timing.tickMs) : 0
    this.#core = new RaftCore(
      {
        ...DEFAULT_RAFT_TUNING,
        ...options.tuning,
        id: options.id,
        electionTicks: timing.electionTicks,
        heartbeatTicks: timing.heartbeatTicks,
        rng: options.rng,
        onEvent: (event, line) => {
          this.#logger.info({ event }, line)
          options.onEvent?.(event, line)
        },
      },
      initial,
    )
    this.#sender = new SnapshotSender({
      self: options.id,
      files: options.snapshots,
      transport: options.transport,
      chunkBytes: options.snapshotChunkBytes ?? DEFAULT_SNAPSHOT_CHUNK_BYTES,
      onFailure: (peer, index, error) => {
        this.#logger.warn({ err: error, peer }, `${this.id} could not stream the snapshot at index ${index} to ${peer}`)
        this.#enqueue(() => this.#core.reportSnapshotFailure(peer, index))
      },
      onNoFile: (peer, index) => this.#enqueue(() => {
        // The core probes the follower again and sends the newest snapshot once a file holds it. A
        // snapshot recorded since the message left may have its file already: the core sends that one.
        if (index === this.#snapshot.index && this.#snapshotTaking?.withFile !== true) this.#snapshotFileWanted = true
        this.#core.reportSnapshotFailure(peer, index)
      }),
      onSent: () => {
        this.counters.snapshotsSent++
      },
    })
    this.#heldAppends = new HeldAppends(options.emptyAppendHoldMs ?? DEFAULT_EMPTY_APPEND_HOLD_MS, (message) => options.transport.send(message))
    this.#receiver = new SnapshotReceiver(options.id, options.snapshots, (message) => this.#enqueue(() => this.#core.step(message)))
  }

  /**
   * Reads the durable state back, brings the state machine up to the stored snapshot if a crash
   * left it behind, and starts ticking and receiving. Throws RaftStorageCorruption when the
   * stored log does not hold together.
   */
  static async start<Result>(options: RaftDriverOptions<Result>): Promise<RaftDriver<Result>> {
    const timing = raftTiming(options.electionTimeoutMs, options.heartbeatTimeoutMs)
    const initial = await recoverInitialState(options)
    const driver = new RaftDriver(options, initial, timing)
    await options.transport.start({
      message: (message) => driver.#enqueue(() => driver.#core.step(message)),
      snapshotChunk: (chunk) => {
        if (driver.#stopped) return Promise.reject(stopped(driver.id))
        return driver.#receiver.receive(chunk)
      },
      peerDisconnected: (peer) => driver.#enqueue(() => {
        if (driver.#core.leader === peer) driver.#core.leaderConnectionLost()
      }),
    })
    driver.#stopTicker = (options.ticker ?? intervalTicker).start(timing.tickMs, () => driver.#enqueue(() => driver.#onTick()))
    return driver
  }

  /**
   * Replicates `data` and resolves with the state machine's result once the entry is applied
   * here. Rejects with NotALeader (naming the leader) or NoLeader when this node is not the
   * leader, ChangeInProgress during a leadership transfer, LeadershipLost when another leader's
   * entry took its place, OutcomeUnknown when this node stepped down or stopped before it could
   * tell, or with what the state machine threw.
   */
  propose(data: string): Promise<Result> {
    this.#proposalsMade++
    return this.#call<Result>((waiter) => {
      const result = this.#core.propose(data)
      if (!result.ok) return waiter.reject(refusalError(result, this.id, 'the write'))
      this.#proposals.add(result.index, result.term, waiter as Waiter<unknown>)
    })
  }

  /** Proposes a membership change; resolves once it is applied here (it is then in force). */
  proposeConfChange(change: ConfChange): Promise<void> {
    return this.#call<void>((waiter) => {
      const result = this.#core.proposeConfChange(change)
      if (!result.ok) return waiter.reject(refusalError(result, this.id, `the membership change (${change.kind} ${change.node})`))
      this.#proposals.add(result.index, result.term, waiter as Waiter<unknown>)
    })
  }

  /**
   * Resolves when a read on this node would see every write committed before the call
   * (linearizable): the leader confirmed its leadership with a quorum and this node applied up
   * to that commit index. Rejects with NoLeader when no leader is known or the confirmation does
   * not come within two election timeouts.
   */
  readIndex(): Promise<void> {
    return this.#call<void>((waiter) => {
      const context = `${this.id}/${this.#nextReadContext++}`
      const result = this.#core.readIndex(context)
      if (!result.ok) return waiter.reject(refusalError(result, this.id, 'the read'))
      this.#reads.add(context, this.#tick + 2 * this.timing.electionTicks, waiter)
    })
  }

  /**
   * Hands leadership to `target`, or to the most caught-up other voter. Resolves with the new
   * leader's id once this node follows it; rejects with NotALeader on a follower, Request.Invalid
   * for a target that cannot lead, TransferFailed when nobody took over within two election timeouts.
   */
  transferLeadership(target?: NodeId): Promise<NodeId> {
    return this.#call<NodeId>((waiter) => {
      const to = target ?? this.#mostCaughtUpVoter()
      if (to === undefined) {
        return waiter.reject(new NornicError('Neo.ClientError.Request.Invalid', `${this.id} has no other voter to hand leadership to`, { node: this.id }))
      }
      const result = this.#core.transferLeadership(to)
      if (!result.ok) return waiter.reject(refusalError(result, this.id, `the leadership transfer to ${to}`))
      this.#transfers.push({ ...waiter, target: to, deadlineTick: this.#tick + 2 * this.timing.electionTicks })
    })
  }

  /** Takes a snapshot now (unless nothing was applied since the last); resolves with the newest snapshot. */
  snapshotNow(): Promise<SnapshotMeta> {
    return this.#call<SnapshotMeta>((waiter) => {
      this.#snapshotWaiters.push(waiter)
    })
  }

  /** The leader this node knows of, or ''. */
  get leader(): NodeId {
    return this.#core.leader
  }

  /** The core's view; cheap, callable at any time, also after stop. */
  status(): RaftStatus {
    return this.#core.status()
  }

  /**
   * Resolves once both loops have nothing left to do (tests wait on it instead of on the clock).
   * A snapshot file being written is outside work, like a message on its way: not waited for.
   */
  async whenIdle(): Promise<void> {
    while (this.#pumping !== undefined || this.#applying !== undefined) {
      await this.#pumping
      await this.#applying
    }
  }

  /** The index of the last entry applied to the state machine. */
  get appliedIndex(): number {
    return this.#applied
  }

  /** The newest snapshot taken or installed. */
  get snapshot(): SnapshotMeta {
    return this.#snapshot
  }

  /**
   * Stops ticking and receiving, waits for the round under way, and rejects whatever still waits
   * (proposals with OutcomeUnknown). The storage and the state machine stay open for their owner.
   */
  async stop(): Promise<void> {
    if (this.#stopped) return
    this.#stopped = true
    this.#stopTicker?.()
    await this.#options.transport.close()
    this.#sender.stop()
    this.#heldAppends.stop()
    await this.#pumping
    await this.#allApplied()
    await this.#snapshotTaking?.done
    await this.#receiver.stop()
    this.#abandonInbox(stopped(this.id))
    this.#rejectAll(stopped(this.id), (index) => outcomeUnknown(this.id, index, 'the node stopped before it was applied'))
  }

  // ---- the loop ------------------------------------------------------------------------

  #call<T>(request: (waiter: Waiter<T>) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#stopped) return reject(this.#failure ?? stopped(this.id))
      this.#enqueue(() => request({ resolve, reject }), reject)
    })
  }

  #enqueue(run: () => void, abandon?: (error: Error) => void): void {
    if (this.#stopped) return
    this.#inbox.push(abandon === undefined ? { run } : { run, abandon })
    if (this.#pumping === undefined) {
      // A microtask later, so that every call made in the same turn lands in the same round.
      this.#pumping = Promise.resolve().then(() => this.#pump()).finally(() => {
        this.#pumping = undefined
        if (this.#inbox.length > 0 && !this.#stopped) this.#enqueue(() => undefined)
      })
    }
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        const work = this.#inbox
        this.#inbox = []
        for (const item of work) item.run()
        const hasReady = this.#core.hasReady()
        if (hasReady) {
          await this.#handleReady(this.#core.ready())
          this.#core.advance()
        }
        await this.#maybeSnapshot()
        this.#noticeRoleChanges()
        if (!hasReady && this.#inbox.length === 0) return
        if (this.#stopped) return
      }
    } catch (error) {
      this.#fail(asError(error))
    }
  }

  async #handleReady(ready: Ready): Promise<void> {
    const { snapshot, entries } = ready
    const hardState = ready.hardState ?? this.#unwrittenHardState
    // A change of the commit index alone needs no fsync before anything is sent (etcd's
    // MustSync): commit is known again from the leader after a crash. It rides along with the
    // next write instead, which saves one fsync per commit.
    const mustWrite = snapshot !== undefined || entries.length > 0 ||
      (hardState !== undefined && (hardState.term !== this.#writtenHardState.term || hardState.vote !== this.#writtenHardState.vote))
    // The write starts first (it reaches the page cache before save() first waits), then the
    // leader's appends are encoded and sent while the disk flushes: the leader's own fsync is
    // usually the last thing a commit waits for.
    const saveStarted = performance.now()
    const saving = mustWrite ? this.#options.storage.save({ snapshot, entries, hardState }) : undefined
    for (const message of ready.messages) if (maySendBeforePersisting(message)) this.#send(message)
    this.#prepareAhead(ready)
    // Entries committed before this round's new ones were written by an earlier round: they are
    // applied while the disk writes the new ones. The rest wait for the write, since the state
    // machine must never hold an entry the log could still lose.
    const firstNew = entries[0]?.index ?? Infinity
    const durable = saving !== undefined && snapshot === undefined ? ready.committedEntries.filter((entry) => entry.index < firstNew) : []
    this.#queueApply(durable)
    if (saving !== undefined) {
      await saving
      this.#options.onLogSaved?.((performance.now() - saveStarted) / 1000)
      if (hardState !== undefined) this.#writtenHardState = hardState
      this.#unwrittenHardState = undefined
      this.counters.fsyncs++
      this.counters.entriesPersisted += entries.length
    } else if (ready.hardState !== undefined) {
      this.#unwrittenHardState = ready.hardState
    }
    for (const message of ready.messages) if (!maySendBeforePersisting(message)) this.#send(message)
    if (snapshot !== undefined) await this.#installSnapshot(snapshot)
    this.#queueApply(ready.committedEntries.slice(durable.length))
    for (const read of ready.readStates) this.#reads.confirmed(read.context, read.index)
    this.#reads.release(this.#applied)
  }

  /**
   * A lone entry proposed here goes to the state machine's `prepare`, which works it out while the
   * followers write it: a write made on its own then waits only for its stored effects after the
   * commit, not for its statements to run. That happens once this turn is over, when its appends
   * are on their way, and only if the entry is still alone then: next in line to apply, and no
   * other write asked for since. Under load more have come in by then, and the apply does the work.
   */
  #prepareAhead(ready: Ready): void {
    const prepare = this.#options.stateMachine.prepare?.bind(this.#options.stateMachine)
    const entry = ready.entries.length === 1 ? ready.entries[0]! : undefined
    if (prepare === undefined || entry?.type !== 'normal' || this.#core.currentRole !== 'leader') return
    const proposalsMade = this.#proposalsMade
    setImmediate(() => {
      const alone = this.#proposalsMade === proposalsMade && entry.index === this.#applied + 1 && this.#applying === undefined
      if (alone && !this.#stopped && this.#core.currentRole === 'leader') prepare({ index: entry.index, data: entry.data })
    })
  }

  #queueApply(entries: readonly Entry[]): void {
    if (entries.length === 0) return
    this.#toApply.push(...entries)
    this.#applying ??= this.#applyQueued().finally(() => {
      this.#applying = undefined
    })
  }

  async #applyQueued(): Promise<void> {
    try {
      while (this.#toApply.length > 0) {
        await this.#applyBatch(this.#toApply.splice(0, MAX_ENTRIES_PER_APPLY))
        this.#reads.release(this.#applied)
      }
    } catch (error) {
      this.#fail(asError(error))
    }
  }

  /** Hands the batch's commands to the state machine in one call, then settles each entry's proposal. */
  async #applyBatch(batch: readonly Entry[]): Promise<void> {
    const entries = batch.filter((entry) => entry.index > this.#applied)
    // Entries the state machine already holds (a restart replays from the last snapshot) are skipped.
    const commands = entries.flatMap((entry) => entry.type === 'normal' && entry.index > this.#options.stateMachine.appliedIndex ? [{ index: entry.index, data: entry.data }] : [])
    const outcomes = commands.length === 0 ? [] : await this.#options.stateMachine.apply(commands)
    if (outcomes.length !== commands.length) throw new Error(`the state machine answered ${outcomes.length} outcomes for ${commands.length} commands`)
    const outcomeAt = new Map(commands.map((command, i) => [command.index, outcomes[i]!]))
    for (const entry of entries) {
      this.#applied = entry.index
      this.counters.entriesApplied++
      this.#proposals.settle(entry.index, entry.term, outcomeAt.get(entry.index) ?? NO_EFFECT, (index) => leadershipLost(this.id, index))
    }
  }

  /** Resolves once every committed entry handed out so far is applied: the state machine stands at #applied. */
  async #allApplied(): Promise<void> {
    while (this.#applying !== undefined) await this.#applying
  }

  #send(message: Message): void {
    if (message.type === 'append') return this.#heldAppends.send(message)
    this.#heldAppends.release(message.to)
    if (message.type === 'snapshot') this.#sender.start(message)
    else this.#options.transport.send(message)
  }

  async #installSnapshot(snapshot: SnapshotMeta): Promise<void> {
    await this.#allApplied()
    const reader = await this.#options.snapshots.open(snapshot.index)
    if (reader === undefined) throw new RaftStorageCorruption(`the snapshot at ${snapshot.index} was recorded but its file is missing`)
    await this.#options.stateMachine.restore(snapshot.index, reader.records())
    this.#applied = snapshot.index
    this.#snapshot = snapshot
    this.counters.snapshotsInstalled++
    this.#proposals.rejectUpTo(snapshot.index, (index) => outcomeUnknown(this.id, index, 'a snapshot from the leader replaced the log'))
    await this.#options.snapshots.removeOlderThan(snapshot.index)
  }

  /**
   * Runs between advance() and the next ready(). A snapshot is taken in two steps so the loop does
   * not stall on the disk: once the apply loop has caught up, the state machine is made durable up
   * to #applied (or, when a follower needs the state itself, pins it there for a file written
   * beside the loop); when that is done, the next round records the snapshot (core, log
   * compaction, older files).
   */
  async #maybeSnapshot(): Promise<void> {
    const taken = this.#snapshotTaken
    if (taken !== undefined) {
      this.#snapshotTaken = undefined
      await this.#recordSnapshot(taken)
    }
    const threshold = this.#options.snapshotThreshold ?? 0
    // Only a leader sends snapshots: a file wanted before this node stepped down is not any more.
    if (this.#core.currentRole !== 'leader') this.#snapshotFileWanted = false
    const withFile = this.#snapshotFileWanted
    const due = withFile || this.#snapshotWaiters.length > 0 || this.#snapshotIntervalDue || (threshold > 0 && this.#applied - this.#snapshot.index >= threshold)
    if (!due || this.#snapshotTaking !== undefined) return
    this.#snapshotIntervalDue = false
    this.#snapshotFileWanted = false
    await this.#allApplied()
    // A file may be wanted for the snapshot already recorded, when nothing was applied since.
    const meta = this.#core.snapshotMeta(this.#applied) ?? (withFile ? this.#snapshot : undefined)
    if (meta === undefined) return this.#resolveSnapshotWaiters()
    let taking: Promise<void>
    if (withFile) {
      this.#logger.info({ index: meta.index }, `${this.id} writes a snapshot file at index ${meta.index} for a follower behind its log`)
      taking = this.#options.snapshots.write(meta, await this.#options.stateMachine.snapshot())
    } else {
      taking = this.#options.stateMachine.persist(meta.index)
    }
    const done = taking.then(() => {
      this.#snapshotTaking = undefined
      this.#snapshotTaken = meta
      // A round to record it in, even when nothing else happens.
      this.#enqueue(() => undefined)
    }, (error: unknown) => {
      this.#snapshotTaking = undefined
      this.#fail(asError(error))
    })
    this.#snapshotTaking = { withFile, done }
  }

  /**
   * The state up to `meta` is durable (in the state machine or a file): the core may forget the
   * entries it covers, and the log and older files go.
   */
  async #recordSnapshot(meta: SnapshotMeta): Promise<void> {
    // A snapshot from the leader may have been installed meanwhile; this one is then older.
    // A file written for the snapshot already recorded changes nothing but the files.
    if (meta.index > this.#snapshot.index) {
      const { snapshot, firstIndex } = this.#core.snapshotTaken(meta.index)
      await this.#options.storage.compact(snapshot, firstIndex)
      this.#snapshot = snapshot
      this.counters.snapshotsTaken++
      this.#logger.info({ index: snapshot.index, term: snapshot.term }, `${this.id} took a snapshot at index ${snapshot.index} term ${snapshot.term}`)
    }
    await this.#options.snapshots.removeOlderThan(this.#snapshot.index)
    this.#resolveSnapshotWaiters()
  }

  #resolveSnapshotWaiters(): void {
    const waiters = this.#snapshotWaiters
    this.#snapshotWaiters = []
    for (const waiter of waiters) waiter.resolve(this.#snapshot)
  }

  #onTick(): void {
    this.#core.tick()
    this.#tick++
    const tick = this.#tick
    if (this.#snapshotIntervalTicks > 0 && tick % this.#snapshotIntervalTicks === 0) this.#snapshotIntervalDue = true
    this.#reads.expire(tick, () => noLeader(this.id, 'the read'))
    const expired = this.#transfers.filter((transfer) => transfer.deadlineTick <= tick)
    this.#transfers = this.#transfers.filter((transfer) => transfer.deadlineTick > tick)
    for (const transfer of expired) {
      transfer.reject(new NornicError('Nornic.Cluster.TransferFailed', `${transfer.target} did not take over leadership from ${this.id} in time`, { node: this.id, target: transfer.target }))
    }
    // A leader that stepped down cannot tell the fate of its entries until a new leader's log
    // reaches here; after two election timeouts without that, say so rather than keep waiting.
    if (!this.#wasLeader && this.#proposals.size > 0 && tick - this.#steppedDownTick >= 2 * this.timing.electionTicks) {
      this.#proposals.rejectAll((index) => outcomeUnknown(this.id, index, 'this node lost leadership and has not learned what became of it'))
    }
  }

  #noticeRoleChanges(): void {
    const leader = this.#core.leader
    // A follower learns a new leader from its first append without any core event; say so, so
    // that waiters on the old leader (a forwarded write) stop waiting.
    if (leader !== this.#knownLeader) {
      this.#knownLeader = leader
      const term = this.#core.status().term
      const line = leader === '' ? `${this.id} knows no leader at term ${term}` : `${this.id} follows leader ${leader} at term ${term}`
      this.#logger.info({ event: 'leaderChanged' }, line)
      this.#options.onEvent?.('leaderChanged', line)
    }
    const isLeader = this.#core.currentRole === 'leader'
    if (this.#wasLeader && !isLeader) this.#steppedDownTick = this.#tick
    this.#wasLeader = isLeader
    if (this.#transfers.length > 0 && !isLeader && leader !== '') {
      const transfers = this.#transfers
      this.#transfers = []
      for (const transfer of transfers) transfer.resolve(leader)
    }
  }

  #mostCaughtUpVoter(): NodeId | undefined {
    const candidates = this.#core.status().members.filter((member) => member.voter && member.id !== this.id)
    candidates.sort((a, b) => (b.match ?? 0) - (a.match ?? 0))
    return candidates[0]?.id
  }

  #fail(error: Error): void {
    this.#failure = error
    this.#stopped = true
    this.#stopTicker?.()
    this.#logger.warn({ err: error }, `${this.id} stopped its raft engine: ${error.message}`)
    void this.#options.transport.close()
    this.#sender.stop()
    this.#heldAppends.stop()
    this.#abandonInbox(error)
    this.#rejectAll(error, () => error)
    this.#options.onFatal?.(error)
  }

  #abandonInbox(error: Error): void {
    const work = this.#inbox
    this.#inbox = []
    for (const item of work) item.abandon?.(error)
  }

  #rejectAll(error: Error, proposalError: (index: number) => Error): void {
    this.#proposals.rejectAll(proposalError)
    this.#reads.rejectAll(error)
    for (const waiter of [...this.#transfers, ...this.#snapshotWaiters]) waiter.reject(error)
    this.#transfers = []
    this.#snapshotWaiters = []
  }
}
