import type { ConsistencyLevel } from '../../config/index.js'
import { NornicError, isNornicError } from '../../errors/index.js'
import type { QueryResult, WriteRequest } from '../../graph/command.js'
import type { Clock } from '../clock.js'
import type { RaftEventName } from '../raft/config.js'
import type { RaftDriver } from '../raft/driver/raft-driver.js'
import type { TcpRaftTransport } from '../raft/driver/tcp-raft-transport.js'
import type { RaftStatus } from '../raft/status.js'
import type { Membership } from '../raft/types.js'
import type { ReplicationStatus, Replicator } from '../replicator.js'
import type { Message, MessageBody } from '../transport/frame-codec.js'
import type { AddressBook } from './address-book.js'
import { LeaderSignal } from './leader-signal.js'
import type { PeerDirectory } from './peer-directory.js'
import { RaftAdminOperations, type AdminOperation } from './raft-admin-operations.js'
import type { AddMemberRequest, AdminAnswer, RaftAdministration, RemoveMemberRequest } from './raft-admin.js'
import { encodeCommand } from './raft-command.js'
import { raftReplicationStatus, type Lifecycle } from './raft-status.js'
import { decodeResults, decodeWriteRequest, encodeResults, encodeWriteRequest, type EncodedResult, type EncodedWriteRequest } from '../value-codec.js'

/** The slice of a pino logger raft mode writes to. */
export interface RaftModeLogger {
  info(fields: object, message: string): void
  warn(fields: object, message: string): void
}

/** The cluster port as the replicator runs it: listening and closing; frames reach `handleMessage`. */
export interface ClusterPort {
  listen(): Promise<unknown>
  close(): Promise<void>
}

export interface RaftReplicatorOptions {
  readonly nodeId: string
  /** Starts the engine over the durable log; called once by `start`, after the cluster port listens. */
  readonly startDriver: (hooks: DriverHooks) => Promise<RaftDriver<QueryResult[]>>
  readonly transport: TcpRaftTransport
  readonly port: ClusterPort
  readonly peers: PeerDirectory
  readonly addresses: AddressBook
  /** This node's Bolt address (NORNICDB_BOLT_ADVERTISE_ADDR), announced in a member record so every node can route drivers to it. */
  readonly boltAddress: string
  /** Closes what outlives the driver (the Raft log's files). */
  readonly closeStorage: () => Promise<void>
  readonly replicationBytes: () => number
  readonly clock: Clock
  /** How long a write (or a QUORUM read) waits for a leader before it fails (NORNICDB_CLUSTER_WRITE_TIMEOUT). */
  readonly writeTimeoutMs: number
  /** The cluster port's frame limit (NORNICDB_CLUSTER_MAX_FRAME_SIZE): every entry must reach the followers in one. */
  readonly maxFrameBytes: number
  readonly electionTimeoutMs: number
  readonly logger: RaftModeLogger
}

/** Errors after which nothing was applied, so the write may go again (to the leader as it is now). */
const RETRYABLE_CODES = new Set([
  'Neo.ClientError.Cluster.NotALeader',
  'Neo.TransientError.Cluster.NoLeader',
  'Nornic.Cluster.ChangeInProgress',
  'Nornic.Cluster.LeadershipLost',
  'Neo.TransientError.General.DatabaseUnavailable',
])

/** Room left in a frame for the append's own fields around one entry. */
const FRAME_ENVELOPE_BYTES = 4096

/** A pause between attempts when nothing signals a change sooner. */
const RETRY_PAUSE_MS = 20

/** How often a node whose own member record is not yet replicated tries to announce it. */
const ANNOUNCE_RETRY_MS = 500

/**
 * Raft mode: every node takes writes. The leader fixes the timestamp, proposes the command and
 * answers once it is applied; a follower forwards the write to the leader over the cluster port
 * (ForwardWrite) and returns the leader's answer. With no leader, a write waits for one up to the
 * write timeout, then fails with a retryable error; a write whose fate cannot be known fails with
 * Nornic.Cluster.OutcomeUnknown. QUORUM reads wait on ReadIndex, ONE reads are local.
 */
export class RaftReplicator implements Replicator, RaftAdministration {
  readonly #options: RaftReplicatorOptions
  readonly #signal = new LeaderSignal()
  /** Writes forwarded to a leader and not answered yet; a new leader ends their wait. */
  readonly #forwards = new Set<ForwardInFlight>()
  readonly #admin: RaftAdminOperations
  #driver: RaftDriver<QueryResult[]> | undefined
  #lifecycle: Lifecycle = 'starting'
  #lastLeader = ''
  #leaderChanges = 0
  #membership: Membership | undefined
  #behindSinceMs: number | undefined
  #announcing = false
  #announceTimer: NodeJS.Timeout | undefined
  readonly #commitListeners: ((seconds: number) => void)[] = []
  readonly #logSaveListeners: ((seconds: number) => void)[] = []

  constructor(options: RaftReplicatorOptions) {
    this.#options = options
    this.#admin = new RaftAdminOperations({
      nodeId: options.nodeId,
      driver: () => this.#runningDriver(),
      addresses: options.addresses,
      proposeMemberAddress: (id, member) => this.#proposeLocally(encodeCommand({ kind: 'member', id, ...member })).then(() => undefined),
      electionTimeoutMs: options.electionTimeoutMs,
      catchUpTimeoutMs: Math.max(30_000, options.writeTimeoutMs),
      isHealthy: (id) => this.status().peers.find((peer) => peer.id === id)?.healthy ?? false,
      logger: options.logger,
    })
  }

  async start(): Promise<void> {
    const { port, peers, addresses } = this.#options
    addresses.onRecord((id, address) => {
      if (id !== this.#options.nodeId) peers.set(id, address)
    })
    for (const [id, address] of addresses.entries()) if (id !== this.#options.nodeId) peers.set(id, address)
    await port.listen()
    this.#driver = await this.#options.startDriver({
      onEvent: (event) => this.#onEvent(event),
      onLogSaved: (seconds) => {
        for (const listener of this.#logSaveListeners) listener(seconds)
      },
    })
    peers.start()
    this.#lifecycle = 'running'
    this.#noticeLeader()
    this.#noticeMembership()
    this.#announceTimer = setInterval(() => this.#announceSelf(), ANNOUNCE_RETRY_MS)
    this.#announceTimer.unref()
    this.#announceSelf()
  }

  /**
   * Hands leadership over first when this node leads (a rolling restart then has no election
   * gap), then stops the engine, the connections and the log.
   */
  async stop(): Promise<void> {
    if (this.#lifecycle === 'stopped') return
    const driver = this.#driver
    if (driver !== undefined && driver.status().role === 'leader' && driver.status().membership.voters.length > 1) {
      try {
        const to = await driver.transferLeadership()
        this.#options.logger.info({ node: this.#options.nodeId, to }, `${this.#options.nodeId} handed leadership to ${to} before stopping`)
      } catch (error) {
        this.#options.logger.warn({ err: error }, `${this.#options.nodeId} could not hand leadership over before stopping: ${(error as Error).message}`)
      }
    }
    this.#lifecycle = 'stopped'
    clearInterval(this.#announceTimer)
    this.#signal.notify()
    await driver?.stop()
    await this.#options.peers.close()
    await this.#options.port.close()
    await this.#options.closeStorage()
  }

  // ---- writes ----------------------------------------------------------------------------

  async propose(request: WriteRequest): Promise<QueryResult[]> {
    const deadline = this.#options.clock.now() + this.#options.writeTimeoutMs
    let lastError: unknown
    for (;;) {
      const leader = this.#knownLeader()
      try {
        if (leader === this.#options.nodeId) return await this.#proposeWrite(request, deadline)
        if (leader !== '') return await this.#forwardWrite(leader, request, deadline)
      } catch (error) {
        if (!isRetryable(error)) throw error
        lastError = error
      }
      if (this.#options.clock.now() >= deadline) throw this.#noLeaderInTime('the write', lastError)
      await this.#pause(deadline, leader === '' ? RETRY_PAUSE_MS * 5 : RETRY_PAUSE_MS)
    }
  }

  /** Waits for a sign of a new leader, at most `longestMs` and never past the deadline. */
  #pause(deadline: number, longestMs: number): Promise<void> {
    return this.#signal.next(Math.min(longestMs, Math.max(1, deadline - this.#options.clock.now())))
  }

  #noLeaderInTime(what: string, lastError: unknown): NornicError {
    const why = lastError instanceof Error ? `: ${lastError.message}` : ''
    return new NornicError(
      'Neo.TransientError.Cluster.NoLeader',
      `no leader took ${what} within ${this.#options.writeTimeoutMs} ms (NORNICDB_CLUSTER_WRITE_TIMEOUT) on ${this.#options.nodeId}${why}; retry in a moment`,
      { node: this.#options.nodeId, timeoutMs: this.#options.writeTimeoutMs },
      lastError === undefined ? undefined : { cause: lastError },
    )
  }

  /** On the leader: fixes the timestamp, proposes, and answers with the applied result, bounded by the deadline. */
  async #proposeWrite(request: WriteRequest, deadline: number): Promise<QueryResult[]> {
    const data = encodeCommand({ kind: 'write', timestamp: this.#options.clock.now(), request })
    this.#checkFitsFrame(data)
    const started = performance.now()
    const results = await this.#proposeLocally(data, deadline)
    const seconds = (performance.now() - started) / 1000
    for (const listener of this.#commitListeners) listener(seconds)
    return results
  }

  /**
   * An entry that no frame can carry would stop replication for good (the leader would resend it
   * forever), so a write that large is refused before it is logged. On the wire a character of
   * the command takes at most 3 bytes (UTF-8, or a quote escaped once more), hence the third.
   */
  #checkFitsFrame(data: string): void {
    const maxChars = Math.floor((this.#options.maxFrameBytes - FRAME_ENVELOPE_BYTES) / 3)
    if (data.length <= maxChars) return
    throw new NornicError(
      'Neo.ClientError.Request.EntityTooLarge',
      `the write is ${data.length} characters once encoded; one raft entry holds at most ${maxChars} so that it fits a cluster frame of ${this.#options.maxFrameBytes} bytes (NORNICDB_CLUSTER_MAX_FRAME_SIZE); split the write or raise the limit on every node`,
      { characters: data.length, maxCharacters: maxChars },
    )
  }

  #proposeLocally(data: string, deadline?: number): Promise<QueryResult[]> {
    const proposal = this.#runningDriver().propose(data)
    if (deadline === undefined) return proposal
    return withDeadline(proposal, deadline - this.#options.clock.now(), () => new NornicError(
      'Nornic.Cluster.OutcomeUnknown',
      `the write was not committed within ${this.#options.writeTimeoutMs} ms (NORNICDB_CLUSTER_WRITE_TIMEOUT) on leader ${this.#options.nodeId}; it may still be applied`,
      { node: this.#options.nodeId, timeoutMs: this.#options.writeTimeoutMs },
    ))
  }

  async #forwardWrite(leader: string, request: WriteRequest, deadline: number): Promise<QueryResult[]> {
    const client = this.#options.peers.client(leader)
    if (client === undefined || !client.isConnected) throw noRouteTo(leader, this.#options.nodeId)
    // The body is the encoded request itself; one holding statements only reads as it always did.
    const body = { ...encodeWriteRequest(request) }
    const forwarded = client.request('ForwardWrite', body, { timeoutMs: Math.max(1, deadline - this.#options.clock.now()) })
    // A leader that froze (or lost its network) answers nothing until the write timeout; once
    // another leader is elected, this node stops waiting for it. The request ends on its own timeout.
    forwarded.catch(() => undefined)
    let abandon: ForwardInFlight | undefined
    const replaced = new Promise<never>((_, reject) => {
      abandon = { leader, abandon: (next) => reject(new NornicError(
        'Nornic.Cluster.OutcomeUnknown',
        `leader ${leader} was replaced by ${next} while the write forwarded to it waited for an answer; it may or may not be applied`,
        { node: this.#options.nodeId, leader, newLeader: next },
      )) }
    })
    this.#forwards.add(abandon!)
    let answer: Message
    try {
      answer = await Promise.race([forwarded, replaced])
    } catch (error) {
      // The connection went, or the answer did not come in time, after the write was sent.
      if (isNornicError(error) && (error.code === 'Nornic.Cluster.PeerUnavailable' || error.code === 'Nornic.Cluster.RequestTimeout')) {
        throw new NornicError(
          'Nornic.Cluster.OutcomeUnknown',
          `the write was forwarded to leader ${leader}, which did not answer (${error.message}); it may or may not be applied`,
          { node: this.#options.nodeId, leader },
          { cause: error },
        )
      }
      throw error
    } finally {
      this.#forwards.delete(abandon!)
    }
    return decodeResults((answer.body as { results: EncodedResult[] }).results)
  }

  // ---- reads -----------------------------------------------------------------------------

  async barrier(consistency: ConsistencyLevel): Promise<void> {
    if (consistency === 'ONE' || consistency === 'LOCAL_ONE') return
    const deadline = this.#options.clock.now() + this.#options.writeTimeoutMs
    let lastError: unknown
    for (;;) {
      try {
        if (this.#knownLeader() !== '') return await this.#runningDriver().readIndex()
      } catch (error) {
        if (!isRetryable(error)) throw error
        lastError = error
      }
      if (this.#options.clock.now() >= deadline) throw this.#noLeaderInTime('the read', lastError)
      await this.#pause(deadline, RETRY_PAUSE_MS * 5)
    }
  }

  // ---- the cluster port ------------------------------------------------------------------

  /** Handles one inbound frame: Raft traffic to the engine, forwarded writes and admin operations here. */
  handleMessage(frame: Message): MessageBody | undefined | Promise<MessageBody | undefined> {
    const { transport } = this.#options
    if (transport.handlesType(frame.type)) return transport.handleFrame(frame)
    switch (frame.type) {
      case 'ForwardWrite':
        return this.#answerForwardedWrite(frame.body)
      case 'AdminForward':
        return this.#admin.runForwarded(frame.body as unknown as AdminOperation).then((answer) => ({ answer }))
      default:
        throw new NornicError('Nornic.Cluster.ProtocolError', `${this.#options.nodeId} does not take ${frame.type} in raft mode`, { peer: frame.from, type: frame.type })
    }
  }

  /** Runs a write a follower forwarded; only the leader proposes, so a stale follower hears NotALeader and retries. */
  async #answerForwardedWrite(body: MessageBody): Promise<MessageBody> {
    if (this.#knownLeader() !== this.#options.nodeId) {
      const leader = this.#knownLeader()
      throw leader === ''
        ? new NornicError('Neo.TransientError.Cluster.NoLeader', `${this.#options.nodeId} knows no leader right now; retry the write in a moment`, { node: this.#options.nodeId })
        : new NornicError('Neo.ClientError.Cluster.NotALeader', `${this.#options.nodeId} is not the leader; the write must go to leader ${leader}`, { node: this.#options.nodeId, leader })
    }
    const request = decodeWriteRequest(body as unknown as EncodedWriteRequest)
    const results = await this.#proposeWrite(request, this.#options.clock.now() + this.#options.writeTimeoutMs)
    return { results: encodeResults(results) }
  }

  // ---- status and admin --------------------------------------------------------------------

  status(): ReplicationStatus {
    const driver = this.#driver
    const raft = this.raftState()
    const now = this.#options.clock.now()
    if (raft.commit > raft.applied) this.#behindSinceMs ??= now
    else this.#behindSinceMs = undefined
    return raftReplicationStatus({
      raft,
      lifecycle: this.#lifecycle,
      tickMs: driver?.timing.tickMs ?? 0,
      electionTimeoutMs: this.#options.electionTimeoutMs,
      addressOf: (id) => this.#options.addresses.get(id),
      boltAddressOf: (id) => this.#options.addresses.boltAddressOf(id),
      isConnected: (id) => this.#options.peers.isConnected(id),
      lagSeconds: this.#behindSinceMs === undefined ? 0 : (now - this.#behindSinceMs) / 1000,
      replicationBytes: this.#options.replicationBytes(),
      leaderChanges: this.#leaderChanges,
    })
  }

  raftState(): RaftStatus {
    return this.#driver?.status() ?? notStartedStatus(this.#options.nodeId)
  }

  /** Calls `listener` with the seconds each write proposed on this node took to commit and apply. */
  onCommitLatency(listener: (seconds: number) => void): void {
    this.#commitListeners.push(listener)
  }

  /** Calls `listener` with the seconds each durable write of this node's Raft log took, fsync included. */
  onLogSave(listener: (seconds: number) => void): void {
    this.#logSaveListeners.push(listener)
  }

  addMember(request: AddMemberRequest): Promise<AdminAnswer> {
    return this.#onLeader({ op: 'add', nodeId: request.nodeId, address: request.address, voter: request.voter })
  }

  removeMember(request: RemoveMemberRequest): Promise<AdminAnswer> {
    return this.#onLeader({ op: 'remove', nodeId: request.nodeId, force: request.force })
  }

  transferLeadership(target: string | undefined): Promise<AdminAnswer> {
    return this.#onLeader(target === undefined ? { op: 'transfer' } : { op: 'transfer', target })
  }

  stepDown(): Promise<AdminAnswer> {
    return this.#onLeader({ op: 'stepDown' })
  }

  snapshot(): Promise<AdminAnswer> {
    return this.#admin.snapshot()
  }

  /** Runs a leader-only operation here when this node leads, else on the leader (AdminForward); never retried. */
  async #onLeader(operation: AdminOperation): Promise<AdminAnswer> {
    const leader = this.#knownLeader()
    if (leader === this.#options.nodeId) return this.#admin.run(operation)
    if (leader === '') throw new NornicError('Neo.TransientError.Cluster.NoLeader', `${this.#options.nodeId} knows no leader right now; retry in a moment`, { node: this.#options.nodeId })
    const client = this.#options.peers.client(leader)
    if (client === undefined || !client.isConnected) throw noRouteTo(leader, this.#options.nodeId)
    const answer = await client.request('AdminForward', operation as unknown as MessageBody, { timeoutMs: 60_000 })
    return (answer.body as { answer: AdminAnswer }).answer
  }

  // ---- leader tracking ---------------------------------------------------------------------

  #knownLeader(): string {
    if (this.#lifecycle !== 'running') {
      throw new NornicError('Neo.TransientError.General.DatabaseUnavailable', `the raft engine of ${this.#options.nodeId} is ${this.#lifecycle}`, { node: this.#options.nodeId })
    }
    return this.#runningDriver().leader
  }

  #runningDriver(): RaftDriver<QueryResult[]> {
    if (this.#driver === undefined) throw new NornicError('Neo.TransientError.General.DatabaseUnavailable', `the raft engine of ${this.#options.nodeId} is not running`, { node: this.#options.nodeId })
    return this.#driver
  }

  #onEvent(event: RaftEventName): void {
    // The core emits while it steps; read its state once the step is done.
    queueMicrotask(() => {
      this.#noticeLeader()
      if (event === 'membershipChanged' || event === 'snapshotInstalled') this.#noticeMembership()
      this.#signal.notify()
      this.#announceSelf()
    })
  }

  /**
   * Replicates this node's Bolt address in a member record when the book does not hold it as
   * configured (the configured peers seed cluster addresses only, and the Bolt address may change
   * across restarts). Runs on the leader, asked through AdminForward from any other member; a
   * failure is tried again on the next event or timer.
   */
  #announceSelf(): void {
    const { nodeId, addresses, boltAddress } = this.#options
    if (this.#announcing || this.#lifecycle !== 'running') return
    if (addresses.boltAddressOf(nodeId) === boltAddress) {
      clearInterval(this.#announceTimer)
      return
    }
    const { leader, membership } = this.#runningDriver().status()
    if (leader === '' || (!membership.voters.includes(nodeId) && !membership.learners.includes(nodeId))) return
    this.#announcing = true
    this.#onLeader({ op: 'announce', nodeId, boltAddress })
      .catch((error: unknown) => {
        if (!isRetryable(error)) this.#options.logger.warn({ err: error, node: nodeId }, `${nodeId} could not announce its Bolt address ${boltAddress}: ${(error as Error).message}`)
      })
      .finally(() => {
        this.#announcing = false
      })
  }

  #noticeLeader(): void {
    const leader = this.#driver?.leader ?? ''
    if (leader !== '' && leader !== this.#lastLeader) {
      this.#leaderChanges++
      this.#lastLeader = leader
      for (const forward of this.#forwards) if (forward.leader !== leader) forward.abandon(leader)
    }
  }

  /** Hangs up on members that left; a node that is not yet a member keeps dialling its configured peers. */
  #noticeMembership(): void {
    const membership = this.#driver?.status().membership
    if (membership === undefined) return
    const members = new Set([...membership.voters, ...membership.learners])
    for (const id of [...(this.#membership?.voters ?? []), ...(this.#membership?.learners ?? [])]) {
      if (!members.has(id) && id !== this.#options.nodeId) this.#options.peers.remove(id)
    }
    this.#membership = membership
  }
}

/** What the replicator hears from the driver it starts. */
export interface DriverHooks {
  readonly onEvent: (event: RaftEventName, line: string) => void
  readonly onLogSaved: (seconds: number) => void
}

interface ForwardInFlight {
  readonly leader: string
  readonly abandon: (newLeader: string) => void
}

function isRetryable(error: unknown): boolean {
  return isNornicError(error) && RETRYABLE_CODES.has(error.code)
}

function noRouteTo(leader: string, self: string): NornicError {
  return new NornicError('Neo.TransientError.Cluster.NoLeader', `${self} is not connected to leader ${leader}; retry in a moment`, { node: self, leader })
}

function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), Math.max(1, ms))
    promise.then(
      (value) => { clearTimeout(timer); resolve(value) },
      (error: unknown) => { clearTimeout(timer); reject(error) },
    )
  })
}

function notStartedStatus(id: string): RaftStatus {
  return {
    id, role: 'follower', term: 0, vote: '', leader: '', commit: 0, applied: 0, firstIndex: 1, lastIndex: 0, snapshotIndex: 0,
    membership: { voters: [], learners: [] }, transferee: '', electionElapsed: 0, members: [],
  }
}
