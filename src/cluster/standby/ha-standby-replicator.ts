import type { QueryResult, WriteRequest } from '../../graph/command.js'
import type { SnapshotChunk } from '../../graph/store/graph-store.js'
import { NornicError, isNornicError } from '../../errors/index.js'
import type { ConsistencyLevel } from '../../config/index.js'
import type { Clock } from '../clock.js'
import type { PromoteResult, Promotable, ReplicationStatus, Replicator } from '../replicator.js'
import type { Message, MessageBody } from '../transport/frame-codec.js'
import { encodeWriteRequest } from '../value-codec.js'
import { beginEpoch, type EpochRecord } from './epoch-history.js'
import type { HaRole, HaStateFile } from './ha-state.js'
import { readBody, isSnapshotBatch, type EntriesBatch, type FenceAnswer, type FenceRequest, type NodeReport, type SnapshotBatch } from './messages.js'
import { ReplicaLog, type ReplicaLogLogger, type ReplicatedGraph } from './replica-log.js'
import { lagOfStandby, standbyLag } from './replication-lag.js'
import { notThePrimary, primaryStarting, promoteNeedsForce, standbyUnavailable, unconfirmedWrite } from './standby-errors.js'
import { ACK_LEVEL, WalShipper, type PeerLink, type SyncMode } from './wal-shipper.js'
import type { WalPoint, WriteAheadLog } from './wal.js'

export interface HaStandbyConfig {
  readonly syncMode: SyncMode
  readonly heartbeatMs: number
  readonly failoverTimeoutMs: number
  readonly autoFailover: boolean
  readonly walBatchSize: number
  readonly walBatchTimeoutMs: number
  readonly syncTimeoutMs: number
}

export interface HaStandbyOptions {
  readonly nodeId: string
  /** This node's HTTP address, sent in heartbeats so the standby can name the primary when it refuses a write. */
  readonly httpUrl: string
  /** This node's Bolt address, sent in heartbeats so the peer can put it in the routing tables it hands drivers. */
  readonly boltAddress: string
  /** The peer's cluster address, as configured (NORNICDB_CLUSTER_HA_PEER_ADDR). */
  readonly peerAddress: string
  readonly config: HaStandbyConfig
  readonly graph: ReplicatedGraph
  readonly wal: WriteAheadLog
  readonly state: HaStateFile
  readonly peer: PeerLink
  /** The cluster port: listening starts with `start` and ends with `stop`. */
  readonly listener: { listen(): Promise<unknown>; close(): Promise<void> }
  readonly clock: Clock
  readonly logger: ReplicaLogLogger
}

interface PeerView {
  readonly id: string
  readonly report: NodeReport
  readonly heardAtMs: number
}

/**
 * Hot standby (the guide's Mode 1): two nodes, one primary that takes writes and streams its WAL, one
 * standby that applies it in order and refuses writes, naming the primary.
 *
 * Epochs make the roles safe across failures. Each promotion raises the epoch, which is kept on disk and
 * carried by every message; a node that sees a higher epoch stops taking writes at once and becomes
 * standby, and its log is reconciled with the new primary's (a tail the new primary never had is
 * discarded). A primary fenced by a standby that is about to promote stops first; a primary that
 * restarts waits to hear from its peer (at most the failover timeout) before it takes writes, so a
 * restarted old primary learns it was replaced before it can acknowledge anything.
 */
export class HaStandbyReplicator implements Replicator, Promotable {
  readonly #options: HaStandbyOptions
  readonly #replica: ReplicaLog
  readonly #shipper: WalShipper
  #role: HaRole
  #epoch: number
  #history: readonly EpochRecord[]
  #running = false
  #stopped = false
  /** A primary that (re)started and has not heard from its peer yet does not take writes. */
  #awaitingPeerSinceMs: number | undefined
  #peer: PeerView | undefined
  #lastHeardFromPrimaryMs = 0
  #lastHeartbeatSentMs = 0
  #heartbeatInFlight = false
  #promotion: Promise<PromoteResult> | undefined
  #writes: Promise<unknown> = Promise.resolve()
  #timer: NodeJS.Timeout | undefined

  constructor(options: HaStandbyOptions) {
    this.#options = options
    const { state } = options.state
    this.#role = state.role
    this.#epoch = state.epoch
    this.#history = state.history
    this.#replica = new ReplicaLog(options.wal, options.graph, options.logger, options.nodeId)
    this.#shipper = new WalShipper({
      nodeId: options.nodeId,
      wal: options.wal,
      peer: options.peer,
      logger: options.logger,
      syncMode: options.config.syncMode,
      batchSize: options.config.walBatchSize,
      batchTimeoutMs: options.config.walBatchTimeoutMs,
      syncTimeoutMs: options.config.syncTimeoutMs,
      idleWakeMs: options.config.heartbeatMs,
      freshnessMs: peerHealthWindowMs(options.config.heartbeatMs),
      now: () => options.clock.now(),
      epoch: () => this.#epoch,
      history: () => this.#history,
      takeSnapshot: () => this.#takeSnapshot(),
      onHigherEpoch: (epoch, from) => void this.#stepDown(epoch, 'standby', `${from} answered with epoch ${epoch}`),
    })
    options.peer.on('disconnected', () => this.#shipper.detach())
  }

  async start(): Promise<void> {
    await this.#replica.recover()
    const now = this.#options.clock.now()
    this.#lastHeardFromPrimaryMs = now
    if (this.#role === 'primary') {
      this.#awaitingPeerSinceMs = now
      this.#shipper.start({ degraded: false })
    }
    try {
      await this.#options.listener.listen()
    } catch (error) {
      await this.#shipper.stop()
      await this.#options.listener.close()
      throw error
    }
    this.#running = true
    const tickMs = Math.max(10, Math.min(this.#options.config.heartbeatMs, 50))
    this.#timer = setInterval(() => this.#tick(), tickMs)
    const { nodeId } = this.#options
    this.#options.logger.info(
      { nodeId, role: this.#role, epoch: this.#epoch, walPosition: this.#replica.last.index, syncMode: this.#options.config.syncMode },
      `${nodeId} is ${this.#role} at epoch ${this.#epoch} (WAL at ${this.#replica.last.index}, sync mode ${this.#options.config.syncMode})`,
    )
  }

  async stop(): Promise<void> {
    this.#running = false
    this.#stopped = true
    clearInterval(this.#timer)
    await this.#shipper.stop()
    // Writes and received batches under way finish before the WAL closes with the cluster port.
    await this.#writes.catch(() => undefined)
    await this.#replica.idle().catch(() => undefined)
    await this.#options.listener.close()
  }

  async propose(request: WriteRequest): Promise<QueryResult[]> {
    this.#checkWritable()
    const { syncMode, syncTimeoutMs } = this.#options.config
    if ((syncMode === 'sync' || syncMode === 'quorum') && !(await this.#shipper.waitAttached(syncTimeoutMs))) {
      this.#checkWritable()
      throw standbyUnavailable(this.#options.nodeId, syncMode, this.#peer?.id ?? this.#options.peerAddress, syncTimeoutMs)
    }
    const written = this.#writes.then(async () => {
      this.#checkWritable()
      const index = this.#replica.last.index + 1
      const entry = { index, epoch: this.#epoch, timestamp: this.#options.clock.now(), ...encodeWriteRequest(request) }
      const results = await this.#replica.write(entry, () => this.#shipper.notify())
      return { index, results }
    })
    this.#writes = written.catch(() => undefined)
    const { index, results } = await written
    await this.#awaitStandby(index)
    return results
  }

  /** Reads run on the local graph in both roles: the standby is eventually consistent, as the guide says. */
  /**
   * ONE (and a read on the primary, which holds every acknowledged write) reads local state. A
   * standby is behind by the writes in flight, so for QUORUM and stronger it does what a raft
   * follower's ReadIndex does: asks the primary how far its WAL reaches (a heartbeat answer says)
   * and waits, bounded by HA_SYNC_TIMEOUT, until it has applied that far.
   */
  async barrier(consistency: ConsistencyLevel): Promise<void> {
    if (consistency === 'ONE' || consistency === 'LOCAL_ONE' || this.#role === 'primary') return
    const { nodeId, peer, config } = this.#options
    const refuse = (why: string): NornicError => new NornicError(
      'Neo.TransientError.Cluster.NoLeader',
      `${nodeId} cannot serve a ${consistency} read: ${why}; retry, read on the primary, or read with consistency ONE`,
      { node: nodeId, consistency },
    )
    if (!peer.isConnected) throw refuse(`the primary at ${this.#options.peerAddress} is not reachable`)
    const answer = await peer.request('Heartbeat', this.#report() as unknown as MessageBody, { timeoutMs: config.syncTimeoutMs })
      .catch((error: unknown) => { throw refuse(`the primary did not answer (${(error as Error).message})`) })
    const report = readBody<NodeReport>(answer.body)
    await this.#observe(answer.from, report)
    if (report.role !== 'primary' || report.epoch < this.#epoch) throw refuse(`its peer is ${report.role} at epoch ${report.epoch}, not the primary`)
    const deadline = this.#options.clock.now() + config.syncTimeoutMs
    for (let attempt = 0; this.#replica.progress.applied < report.last.index; attempt++) {
      if (this.#options.clock.now() > deadline || attempt > config.syncTimeoutMs) {
        throw refuse(`it applied ${this.#replica.progress.applied} of the primary's ${report.last.index} entries within ${config.syncTimeoutMs} ms`)
      }
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
  }

  status(): ReplicationStatus {
    const now = this.#options.clock.now()
    const peer = this.#peer
    const isPrimary = this.#role === 'primary'
    // On the primary, a healthy peer is a standby that writes can wait for.
    const peerHealthy = isPrimary
      ? this.#shipper.attached
      : this.#options.peer.isConnected && peer !== undefined && now - peer.heardAtMs <= peerHealthWindowMs(this.#options.config.heartbeatMs)
    const last = this.#replica.last
    const progress = this.#replica.progress
    const primaryPeer = peer !== undefined && peer.report.role === 'primary' && peer.report.epoch >= this.#epoch ? peer : undefined
    return {
      mode: 'ha_standby',
      nodeId: this.#options.nodeId,
      role: this.#role,
      isLeader: isPrimary && this.#awaitingPeerSinceMs === undefined && this.#running,
      state: this.#stopped ? 'stopped' : !this.#running || (isPrimary && this.#awaitingPeerSinceMs !== undefined) ? 'starting' : 'ready',
      commitIndex: isPrimary ? last.index : Math.max(primaryPeer?.report.last.index ?? 0, progress.applied),
      appliedIndex: progress.applied,
      peers: [{
        id: peer?.id ?? this.#options.peerAddress,
        address: this.#options.peerAddress,
        healthy: peerHealthy,
        ...(peer?.report.boltAddress === undefined ? {} : { boltAddress: peer.report.boltAddress }),
      }],
      epoch: this.#epoch,
      walPosition: last.index,
      lag: isPrimary
        ? lagOfStandby(last.index, this.#shipper.progress, this.#options.wal.entriesFrom(this.#shipper.progress.applied + 1, 1)[0], now)
        : standbyLag(primaryPeer?.report, progress.applied, this.#replica.appliedTimestamp),
      degraded: isPrimary && this.#shipper.degraded,
      syncMode: this.#options.config.syncMode,
      ...(isPrimary ? {} : primaryPeer === undefined ? {} : { primary: { id: primaryPeer.id, httpUrl: primaryPeer.report.httpUrl } }),
      discardedEntries: this.#replica.discardedEntries,
      replicationBytes: this.#shipper.bytesSent + this.#replica.bytesReceived,
    }
  }

  /**
   * Standby (or fenced node) to primary. Fences the current primary first when it can reach it; when it
   * cannot, promotes only with `force` (automatic failover always forces: the primary has been silent
   * for the failover timeout) and warns about split brain.
   */
  promote(options: { readonly force: boolean }): Promise<PromoteResult> {
    if (this.#role === 'primary') {
      return Promise.resolve(this.#promoteResult(false, false, `${this.#options.nodeId} is already the primary at epoch ${this.#epoch}`))
    }
    if (this.#promotion === undefined) {
      this.#promotion = this.#promote(options.force).finally(() => {
        this.#promotion = undefined
      })
    }
    return this.#promotion
  }

  /** The cluster port's handler for the hot standby messages. */
  handleMessage(message: Message): MessageBody | undefined | Promise<MessageBody | undefined> {
    switch (message.type) {
      case 'Heartbeat':
        return this.#observe(message.from, readBody<NodeReport>(message.body)).then(() => this.#report() as unknown as MessageBody)
      case 'WALBatch':
        return this.#onBatch(message.from, readBody<EntriesBatch | SnapshotBatch>(message.body)) as Promise<MessageBody>
      case 'Fence':
        return this.#onFence(message.from, readBody<FenceRequest>(message.body)) as unknown as Promise<MessageBody>
      case 'Promote':
        return this.promote({ force: message.body.force === true }) as unknown as Promise<MessageBody>
      default:
        throw new NornicError('Nornic.Cluster.ProtocolError', `${message.type} is not part of hot standby mode`, { type: message.type })
    }
  }

  #checkWritable(): void {
    const { nodeId } = this.#options
    if (!this.#running) throw new NornicError('Neo.TransientError.General.DatabaseUnavailable', `${nodeId} is not running; retry on a running node`)
    if (this.#role !== 'primary') throw notThePrimary(nodeId, this.#role, this.#epoch, this.#options.peerAddress, this.status().primary)
    if (this.#awaitingPeerSinceMs !== undefined) throw primaryStarting(nodeId, this.#options.peerAddress, this.#options.config.failoverTimeoutMs)
  }

  /** Holds a write's answer until the standby reached the stage its sync mode promises. */
  async #awaitStandby(index: number): Promise<void> {
    const { syncMode, syncTimeoutMs } = this.#options.config
    if (syncMode === 'async' || (syncMode === 'semi_sync' && this.#shipper.degraded)) return
    const outcome = await this.#shipper.waitFor(ACK_LEVEL[syncMode], index)
    if (outcome === 'acked') return
    if (outcome === 'timeout' && syncMode === 'semi_sync') {
      this.#shipper.degrade(`the standby did not confirm write ${index} within ${syncTimeoutMs} ms`)
      return
    }
    const why = outcome === 'stopped'
      ? `${this.#options.nodeId} stopped being primary before the standby confirmed it`
      : `the standby did not confirm it (${ACK_LEVEL[syncMode]}) within ${syncTimeoutMs} ms`
    throw unconfirmedWrite(this.#options.nodeId, index, syncMode, why)
  }

  #tick(): void {
    if (!this.#running) return
    const now = this.#options.clock.now()
    const { heartbeatMs, failoverTimeoutMs, autoFailover } = this.#options.config
    if (now - this.#lastHeartbeatSentMs >= heartbeatMs) void this.#sendHeartbeat(now)
    if (this.#awaitingPeerSinceMs !== undefined && now - this.#awaitingPeerSinceMs >= failoverTimeoutMs && !this.#peerClaimsPrimary(now)) {
      this.#awaitingPeerSinceMs = undefined
      this.#shipper.degrade('the standby has not been heard from since this node started')
      this.#options.logger.warn({ nodeId: this.#options.nodeId, epoch: this.#epoch }, `${this.#options.nodeId} heard nothing from its peer at ${this.#options.peerAddress} in ${failoverTimeoutMs} ms; taking writes as primary at epoch ${this.#epoch}`)
    }
    if (this.#role === 'standby' && autoFailover && this.#promotion === undefined && now - this.#lastHeardFromPrimaryMs >= failoverTimeoutMs) {
      this.#options.logger.warn({ nodeId: this.#options.nodeId, silentMs: now - this.#lastHeardFromPrimaryMs }, `${this.#options.nodeId} heard nothing from the primary for ${now - this.#lastHeardFromPrimaryMs} ms; failing over`)
      this.promote({ force: true }).catch((error: unknown) => {
        this.#options.logger.error({ err: error, nodeId: this.#options.nodeId }, `${this.#options.nodeId} could not fail over: ${(error as Error).message}`)
      })
    }
  }

  async #sendHeartbeat(now: number): Promise<void> {
    if (this.#heartbeatInFlight || !this.#options.peer.isConnected) return
    this.#heartbeatInFlight = true
    this.#lastHeartbeatSentMs = now
    try {
      const timeoutMs = Math.max(2 * this.#options.config.heartbeatMs, 200)
      const answer = await this.#options.peer.request('Heartbeat', this.#report() as unknown as MessageBody, { timeoutMs })
      await this.#observe(answer.from, readBody<NodeReport>(answer.body))
    } catch (error) {
      if (!isNornicError(error)) this.#options.logger.warn({ err: error, nodeId: this.#options.nodeId }, `heartbeat handling failed: ${(error as Error).message}`)
    } finally {
      this.#heartbeatInFlight = false
    }
  }

  /** The peer said lately that it is primary at this node's epoch. */
  #peerClaimsPrimary(now: number): boolean {
    const peer = this.#peer
    return peer !== undefined && peer.report.role === 'primary' && peer.report.epoch === this.#epoch && now - peer.heardAtMs <= peerHealthWindowMs(this.#options.config.heartbeatMs)
  }

  #report(): NodeReport {
    return {
      epoch: this.#epoch,
      role: this.#role,
      last: this.#replica.last,
      progress: this.#replica.progress,
      appliedTimestamp: this.#replica.appliedTimestamp,
      httpUrl: this.#options.httpUrl,
      boltAddress: this.#options.boltAddress,
      ...(this.#role === 'primary' ? { history: this.#history } : {}),
    }
  }

  /** What a heartbeat (either way) tells this node about its peer. */
  async #observe(from: string, report: NodeReport): Promise<void> {
    const now = this.#options.clock.now()
    this.#peer = { id: from, report, heardAtMs: now }
    if (report.epoch > this.#epoch) {
      await this.#stepDown(report.epoch, 'standby', `${from} is at epoch ${report.epoch}`)
    }
    if (report.epoch === this.#epoch && report.role === 'primary') {
      if (this.#role === 'primary') {
        // Only a misconfiguration gets here (two new nodes both told HA_ROLE=primary): neither may take writes.
        if (this.#awaitingPeerSinceMs === undefined) {
          this.#awaitingPeerSinceMs = now
          this.#options.logger.error(
            { nodeId: this.#options.nodeId, peer: from, epoch: this.#epoch },
            `${this.#options.nodeId} and ${from} both claim to be primary at epoch ${this.#epoch}; neither takes writes. Stop one, set its NORNICDB_CLUSTER_HA_ROLE=standby, remove its ha-state.json from the cluster data dir and start it again`,
          )
        }
        return
      }
      this.#lastHeardFromPrimaryMs = now
      await this.#followPrimary(report.history)
      return
    }
    if (this.#role !== 'primary') return
    if (this.#awaitingPeerSinceMs !== undefined) {
      this.#awaitingPeerSinceMs = undefined
      this.#options.logger.info({ nodeId: this.#options.nodeId, peer: from, epoch: this.#epoch }, `${this.#options.nodeId} heard from ${from} (epoch ${report.epoch}, ${report.role}); taking writes as primary at epoch ${this.#epoch}`)
    }
    if (report.epoch === this.#epoch) this.#shipper.attach(report.last, report.progress)
  }

  async #onBatch(from: string, batch: EntriesBatch | SnapshotBatch): Promise<unknown> {
    if (batch.epoch > this.#epoch) await this.#stepDown(batch.epoch, 'standby', `${from} streams at epoch ${batch.epoch}`)
    if (batch.epoch < this.#epoch || this.#role === 'primary') {
      return { epoch: this.#epoch, ok: false, reason: 'stale_epoch', last: this.#replica.last, progress: this.#replica.progress }
    }
    this.#lastHeardFromPrimaryMs = this.#options.clock.now()
    await this.#followPrimary(batch.history)
    // A write this node took as primary may still be finishing: the log has one writer at a time.
    await this.#writes
    return isSnapshotBatch(batch) ? this.#replica.receiveSnapshot(batch) : this.#replica.receive(batch)
  }

  async #onFence(from: string, request: FenceRequest): Promise<FenceAnswer> {
    if (request.epoch <= this.#epoch) return { epoch: this.#epoch, fenced: false, last: this.#replica.last }
    await this.#stepDown(request.epoch, 'fenced', `${from} fenced it to take over at epoch ${request.epoch}`)
    return { epoch: this.#epoch, fenced: true, last: this.#replica.last }
  }

  /** A standby keeps the primary's epoch history; a fenced node that hears from the new primary is its standby. */
  async #followPrimary(history: readonly EpochRecord[] | undefined): Promise<void> {
    const role: HaRole = 'standby'
    const historyChanged = history !== undefined && JSON.stringify(history) !== JSON.stringify(this.#history)
    if (this.#role === role && !historyChanged) return
    if (this.#role === 'fenced') this.#options.logger.info({ nodeId: this.#options.nodeId, epoch: this.#epoch }, `${this.#options.nodeId} is now standby of the primary at epoch ${this.#epoch}`)
    this.#role = role
    if (history !== undefined) this.#history = history
    await this.#options.state.save({ epoch: this.#epoch, role, history: this.#history })
  }

  /** Stops taking writes at once: a node with a higher epoch exists. */
  async #stepDown(epoch: number, role: 'standby' | 'fenced', why: string): Promise<void> {
    if (epoch < this.#epoch || (epoch === this.#epoch && this.#role === role)) return
    const wasPrimary = this.#role === 'primary'
    this.#epoch = epoch
    this.#role = role
    this.#awaitingPeerSinceMs = undefined
    this.#lastHeardFromPrimaryMs = this.#options.clock.now()
    const { nodeId } = this.#options
    if (wasPrimary) {
      this.#options.logger.warn({ nodeId, epoch, role }, `${nodeId} stopped taking writes and became ${role} at epoch ${epoch}: ${why}`)
    } else {
      this.#options.logger.info({ nodeId, epoch, role }, `${nodeId} is ${role} at epoch ${epoch}: ${why}`)
    }
    const saved = this.#options.state.save({ epoch, role, history: this.#history })
    if (wasPrimary) await this.#shipper.stop()
    await saved
  }

  async #promote(force: boolean): Promise<PromoteResult> {
    const { nodeId, peer, config } = this.#options
    const newEpoch = Math.max(this.#epoch, this.#peer?.report.epoch ?? 0) + 1
    const primaryName = this.#peer?.id ?? this.#options.peerAddress
    let fenced = false
    let why = `it is not connected on the cluster port at ${this.#options.peerAddress}`
    if (peer.isConnected) {
      try {
        const answer = await peer.request('Fence', { epoch: newEpoch } satisfies FenceRequest, { timeoutMs: Math.min(config.syncTimeoutMs, 2_000) })
        const fence = readBody<FenceAnswer>(answer.body)
        if (fence.epoch > newEpoch) {
          await this.#stepDown(fence.epoch, 'standby', `${answer.from} is at epoch ${fence.epoch}`)
          throw new NornicError('Nornic.Cluster.ChangeInProgress', `${nodeId} did not promote: ${answer.from} is at a newer epoch ${fence.epoch}`)
        }
        fenced = fence.fenced
        if (!fenced) why = `it refused the fence at epoch ${newEpoch} (it is at epoch ${fence.epoch})`
      } catch (error) {
        if (isNornicError(error) && error.code === 'Nornic.Cluster.ChangeInProgress') throw error
        why = (error as Error).message
      }
    }
    if (this.#role === 'primary') return this.#promoteResult(false, fenced, `${nodeId} is already the primary at epoch ${this.#epoch}`)
    if (!fenced && !force) {
      throw promoteNeedsForce(nodeId, primaryName, why)
    }
    // From here batches of the old epoch are refused; those already taken finish before this node writes.
    this.#epoch = newEpoch
    await this.#replica.idle()
    this.#history = beginEpoch(this.#history, newEpoch, this.#replica.last.index)
    await this.#options.state.save({ epoch: newEpoch, role: 'primary', history: this.#history })
    if (this.#stopped) throw new NornicError('Neo.TransientError.General.DatabaseUnavailable', `${nodeId} stopped while promoting; it takes epoch ${newEpoch} as primary when it starts again`)
    if (this.#epoch !== newEpoch) {
      throw new NornicError('Nornic.Cluster.ChangeInProgress', `${nodeId} did not promote: it learnt of epoch ${this.#epoch} while saving epoch ${newEpoch}`)
    }
    // The role says primary only once the epoch is on disk and the shipper runs, so that no write is
    // taken at an epoch a restart would forget, and every write has a shipper to wait on.
    this.#shipper.start({ degraded: !fenced && !peer.isConnected })
    this.#awaitingPeerSinceMs = undefined
    this.#role = 'primary'
    const message = fenced
      ? `${nodeId} promoted to primary at epoch ${newEpoch} after fencing ${primaryName}`
      : `${nodeId} promoted to primary at epoch ${newEpoch} WITHOUT fencing ${primaryName} (${why}); if ${primaryName} is still running it must not take writes: split brain risk`
    if (fenced) this.#options.logger.info({ nodeId, epoch: newEpoch, fenced, walPosition: this.#replica.last.index }, message)
    else this.#options.logger.warn({ nodeId, epoch: newEpoch, fenced, walPosition: this.#replica.last.index }, message)
    return this.#promoteResult(true, fenced, message)
  }

  #promoteResult(promoted: boolean, fenced: boolean, message: string): PromoteResult {
    return { promoted, nodeId: this.#options.nodeId, role: this.#role, epoch: this.#epoch, fenced, message }
  }

  /** A snapshot and the WAL point it stands for, taken between two writes so that the two match. */
  #takeSnapshot(): Promise<{ position: WalPoint; chunks: AsyncIterator<SnapshotChunk> }> {
    const taken = this.#writes.then(async () => {
      const iterator = this.#options.graph.snapshot()[Symbol.asyncIterator]()
      // The first chunk pins the snapshot's point in time; no write runs until it is read.
      const first = await iterator.next()
      const position = this.#replica.last
      async function* chunks(): AsyncGenerator<SnapshotChunk> {
        if (first.done) return
        yield first.value
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value
      }
      return { position, chunks: chunks() }
    })
    this.#writes = taken.catch(() => undefined)
    return taken
  }


}

/** A peer not heard from in this long counts as unhealthy (three heartbeats, and never under half a second). */
function peerHealthWindowMs(heartbeatMs: number): number {
  return Math.max(3 * heartbeatMs, 500)
}
