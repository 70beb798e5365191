import { coalesceMessages } from './coalesce.js'
import { checkRaftConfig, type RaftConfig, type RaftEventName, type RaftInitialState } from './config.js'
import { invariant } from './invariant.js'
import { RaftLog } from './log.js'
import { allMembers, applyConfChange, describeMembership, isMember, isVoter, MembershipHistory } from './membership.js'
import { Progress } from './progress.js'
import { committedIndex, hasQuorum, voteOutcome } from './quorum.js'
import { ReadIndexQueue } from './read-index.js'
import { statusOf, type RaftStatus } from './status.js'
import {
  NO_NODE,
  type AppendMessage,
  type AppendResponseMessage,
  type ConfChange,
  type Entry,
  type HardState,
  type HeartbeatResponseMessage,
  type Membership,
  type Message,
  type NodeId,
  type ProposeResult,
  type Ready,
  type ReadState,
  type Refusal,
  type RequestResult,
  type Role,
  type SnapshotMessage,
  type SnapshotMeta,
  type VoteMessage,
} from './types.js'

/** What the last ready() handed out, so advance() knows what the driver has done. */
interface ReadyMarks {
  readonly lastEntryIndex: number
  readonly hardState: HardState
  readonly appliedTo: number
  readonly snapshotIndex: number
}

type MessageBody<M extends Message> = M extends Message ? Omit<M, 'from' | 'term'> : never

/**
 * When the leader's process dies, every follower sees its connection close within a millisecond
 * and campaigns at once. Some may still hold the leader's lease and refuse the first pre-vote,
 * refuse one another for a shorter log, or split the vote; each of these used to cost a whole
 * randomized election timeout. So the campaigns that follow a lost connection (a pre-vote and a
 * vote stage, then one retry of both) time out after one to two heartbeat intervals, spread by
 * the random source so two campaigners rarely collide again. Timing never touches safety, and
 * hearing from a leader ends the hurry.
 */
const HASTENED_CAMPAIGNS_AFTER_CONNECTION_LOSS = 4

/**
 * One node's Raft state machine, in the etcd-io/raft shape: it never touches a clock, a socket
 * or a disk. Time arrives as tick(), the network as step(), the driver's wishes as propose(),
 * proposeConfChange(), transferLeadership() and readIndex(); what to do about it leaves as
 * ready(), to be acted on in the order written on `Ready`, then advance().
 */
export class RaftCore {
  readonly id: NodeId
  private readonly config: RaftConfig
  private readonly log: RaftLog

  private term: number
  private vote: NodeId
  private lead: NodeId = NO_NODE
  private role: Role = 'follower'
  /** The membership of the newest committed config entry (or snapshot). */
  private membership: Membership
  private membershipHistory: MembershipHistory

  private electionElapsed = 0
  private heartbeatElapsed = 0
  private randomizedElectionTimeout = 0
  private votes = new Map<NodeId, boolean>()
  private progress = new Map<NodeId, Progress>()
  private transferee: NodeId = NO_NODE
  private transferElapsed = 0
  /** Campaigns still to time out after a heartbeat or two rather than an election timeout. */
  private hastenedCampaignsLeft = 0
  private readonly reads = new ReadIndexQueue()
  /** Reads that arrived before this leader committed an entry of its term. */
  private readsAwaitingCommit: { context: string; requester: NodeId }[] = []

  private messages: Message[] = []
  private readStates: ReadState[] = []
  private persistedHardState: HardState
  private marks: ReadyMarks | undefined

  constructor(config: RaftConfig, initial: RaftInitialState) {
    const problem = checkRaftConfig(config)
    if (problem !== undefined) throw new RangeError(`raft config: ${problem}`)
    this.id = config.id
    this.config = config
    const { hardState, snapshot } = initial
    this.log = new RaftLog(snapshot, initial.entries, hardState.commit, initial.applied)
    this.term = hardState.term
    this.vote = hardState.vote
    this.persistedHardState = hardState
    this.membership = snapshot.membership
    this.membershipHistory = new MembershipHistory(snapshot.index, snapshot.membership)
    this.applyCommittedConfigs(snapshot.index + 1, this.log.committed)
    this.resetElectionTimer()
  }

  // ---- driver surface -------------------------------------------------------------------

  /** One unit of logical time: followers count toward an election, leaders toward a heartbeat. */
  tick(): void {
    if (this.role === 'leader') this.tickLeader()
    else this.tickElection()
  }

  /** Hands a message from a peer to the core. Messages from the past and the future are fine. */
  step(message: Message): void {
    if (message.to !== this.id) return
    if (!this.stepTerm(message)) return
    switch (message.type) {
      case 'preVote':
      case 'vote':
        this.handleVoteRequest(message)
        return
      default:
        if (this.role === 'leader') this.stepLeader(message)
        else if (this.role === 'follower') this.stepFollower(message)
        else this.stepCandidate(message)
    }
  }

  /**
   * Starts an election now instead of after the election timeout (a lone bootstrap node, an
   * operator's request). A node that is not a voter ignores it. Pre-vote still applies.
   */
  campaign(): void {
    if (this.role === 'leader' || !this.isPromotable()) return
    this.startCampaign(this.config.preVote ? 'preVote' : 'vote', false)
  }

  /** Appends a command on the leader; it is acknowledged once it appears committed in a Ready. */
  propose(data: string): ProposeResult {
    const refusal = this.refuseUnlessLeader()
    if (refusal !== undefined) return refusal
    const index = this.log.lastIndex() + 1
    this.appendAsLeader({ index, term: this.term, type: 'normal', data })
    return { ok: true, index, term: this.term }
  }

  /** Starts a single-server membership change; it takes effect on every node when committed. */
  proposeConfChange(change: ConfChange): ProposeResult {
    const refusal = this.refuseUnlessLeader()
    if (refusal !== undefined) return refusal
    // A new leader first commits an entry of its own term: this closes the single-server change
    // hole described in Ongaro's 2015 raft-dev note, where a stale change could come back.
    if (this.log.term(this.log.committed) !== this.term) {
      return { ok: false, reason: 'confChangePending', leader: this.id, detail: 'no entry of the current term is committed yet' }
    }
    if (this.hasPendingConfChange()) {
      return { ok: false, reason: 'confChangePending', leader: this.id, detail: 'another membership change is not committed yet' }
    }
    const next = applyConfChange(this.membership, change)
    if (typeof next === 'string') return { ok: false, reason: 'invalidConfChange', leader: this.id, detail: next }
    const index = this.log.lastIndex() + 1
    this.appendAsLeader({ index, term: this.term, type: 'config', change, membership: next })
    return { ok: true, index, term: this.term }
  }

  /** Hands leadership to `target`: catch it up, then tell it to campaign at once. */
  transferLeadership(target: NodeId): RequestResult {
    if (this.role !== 'leader') return this.notLeader()
    if (target === this.id) return this.invalidTransfer(`${target} is already the leader`)
    if (!isVoter(this.membership, target)) return this.invalidTransfer(`${target} is not a voting member`)
    if (this.transferee === target) return { ok: true }
    this.transferee = target
    this.transferElapsed = 0
    this.emit('transferStarted', `${this.id} transferring leadership to ${target} at term ${this.term}`)
    const progress = this.progress.get(target)
    if (progress !== undefined && progress.match === this.log.lastIndex()) this.sendTimeoutNow(target)
    else this.sendAppend(target, true)
    return { ok: true }
  }

  /**
   * Asks for a linearizable read. A ReadState with the same context appears in a later Ready
   * once leadership is confirmed; the read may run when the applied index reaches its index.
   * A follower forwards the request to the leader. Contexts must be unique.
   */
  readIndex(context: string): RequestResult {
    if (this.role === 'leader') {
      this.handleReadIndex(context, this.id)
      return { ok: true }
    }
    if (this.lead === NO_NODE) return { ok: false, reason: 'noLeader', leader: NO_NODE }
    this.send({ type: 'readIndex', to: this.lead, context })
    return { ok: true }
  }

  /**
   * The driver lost its connection to the leader: campaign now rather than after an election
   * timeout. Still safe: peers that hear the leader reject the pre-vote (leader stickiness).
   */
  leaderConnectionLost(): void {
    if (this.role !== 'follower' || this.lead === NO_NODE || !this.isPromotable()) return
    this.emit('leaderConnectionLost', `${this.id} lost its connection to leader ${this.lead} at term ${this.term}`)
    this.lead = NO_NODE
    this.hastenedCampaignsLeft = HASTENED_CAMPAIGNS_AFTER_CONNECTION_LOSS
    this.startCampaign(this.config.preVote ? 'preVote' : 'vote', false)
  }

  /**
   * The driver took a snapshot covering every applied entry up to `index`. Entries older than
   * `trailingLogs` behind it are released; returns the new first log index, before which the
   * driver may delete persisted entries. Call it between advance() and the next ready().
   */
  snapshotTaken(index: number): { snapshot: SnapshotMeta; firstIndex: number } {
    const snapshot = this.snapshotMeta(index)
    if (snapshot === undefined) return { snapshot: this.log.snapshot, firstIndex: this.log.firstIndex() }
    this.log.compact(snapshot, index - this.config.trailingLogs + 1)
    this.membershipHistory.forgetBefore(index)
    return { snapshot, firstIndex: this.log.firstIndex() }
  }

  /**
   * What a snapshot of the state applied up to `index` records (term, membership), without
   * taking it: the driver writes the file first, then calls snapshotTaken(). Undefined when it
   * would not be newer than the last snapshot.
   */
  snapshotMeta(index: number): SnapshotMeta | undefined {
    invariant(index <= this.log.applied, () => `snapshot at ${index} is past applied ${this.log.applied}`)
    const term = this.log.term(index)
    if (term === undefined || index <= this.log.snapshot.index) return undefined
    return { index, term, membership: this.membershipHistory.at(index) }
  }

  /**
   * The driver could not deliver the snapshot at `index` to `peer`; retry by probing again. A
   * report about an older snapshot than the one now on its way is stale and changes nothing.
   */
  reportSnapshotFailure(peer: NodeId, index: number): void {
    const progress = this.progress.get(peer)
    if (this.role === 'leader' && progress?.state === 'snapshot' && progress.pendingSnapshot === index) progress.becomeProbe()
  }

  hasReady(): boolean {
    return (
      this.messages.length > 0 ||
      this.readStates.length > 0 ||
      this.log.pendingSnapshot !== undefined ||
      this.log.hasUnstableEntries() ||
      this.log.hasEntriesToApply() ||
      !sameHardState(this.hardState(), this.persistedHardState)
    )
  }

  ready(): Ready {
    const hardState = this.hardState()
    const entries = this.log.unstableEntries()
    const committedEntries = this.log.entriesToApply()
    const snapshot = this.log.pendingSnapshot
    const ready: Ready = {
      hardState: sameHardState(hardState, this.persistedHardState) ? undefined : hardState,
      entries,
      snapshot,
      messages: coalesceMessages(this.messages, this.config),
      committedEntries,
      readStates: this.readStates,
    }
    this.messages = []
    this.readStates = []
    this.marks = {
      lastEntryIndex: entries.at(-1)?.index ?? this.log.stableIndex,
      hardState,
      appliedTo: committedEntries.at(-1)?.index ?? Math.max(this.log.applied, snapshot?.index ?? 0),
      snapshotIndex: snapshot?.index ?? 0,
    }
    return ready
  }

  /**
   * The driver persisted the last Ready's entries and hard state, sent its messages and took its
   * committed entries for applying (in order, before any later ones). Call before the next step
   * or tick.
   */
  advance(): void {
    const marks = this.marks
    if (marks === undefined) return
    this.marks = undefined
    this.log.stableIndex = Math.max(this.log.stableIndex, Math.min(marks.lastEntryIndex, this.log.lastIndex()))
    this.log.applied = Math.max(this.log.applied, marks.appliedTo)
    if (this.log.pendingSnapshot !== undefined && this.log.pendingSnapshot.index === marks.snapshotIndex) {
      this.log.pendingSnapshot = undefined
    }
    this.persistedHardState = marks.hardState
    // The leader's own entries are now durable and may complete a majority.
    if (this.role === 'leader' && this.maybeCommit()) this.broadcastAppend()
  }

  /** The leader this node knows of, or ''; cheaper than status() for the hot paths that ask often. */
  get leader(): NodeId {
    return this.lead
  }

  /** This node's role now; cheaper than status(). */
  get currentRole(): Role {
    return this.role
  }

  status(): RaftStatus {
    return statusOf({
      id: this.id,
      role: this.role,
      term: this.term,
      vote: this.vote,
      leader: this.lead,
      commit: this.log.committed,
      applied: this.log.applied,
      firstIndex: this.log.firstIndex(),
      lastIndex: this.log.lastIndex(),
      snapshotIndex: this.log.snapshot.index,
      membership: this.membership,
      transferee: this.transferee,
      progress: this.role === 'leader' ? [...this.progress.values()] : [],
      electionElapsed: this.electionElapsed,
    })
  }

  /** Read-only access for tests and the simulator's safety checks. */
  logEntries(): readonly Entry[] {
    return this.log.firstIndex() > this.log.lastIndex() ? [] : this.log.slice(this.log.firstIndex(), this.log.lastIndex())
  }

  termAt(index: number): number | undefined {
    return this.log.term(index)
  }

  // ---- time -----------------------------------------------------------------------------

  private tickElection(): void {
    this.electionElapsed++
    if (this.electionElapsed >= this.randomizedElectionTimeout && this.isPromotable()) {
      this.electionElapsed = 0
      this.startCampaign(this.config.preVote ? 'preVote' : 'vote', false)
    }
  }

  private tickLeader(): void {
    this.heartbeatElapsed++
    this.electionElapsed++
    for (const progress of this.progress.values()) {
      progress.ticksSinceContact++
      if (progress.state === 'snapshot') progress.snapshotTicks++
    }
    if (this.transferee !== NO_NODE && ++this.transferElapsed >= this.config.electionTicks) {
      this.emit('transferAborted', `${this.id} gave up transferring leadership to ${this.transferee} at term ${this.term}`)
      this.transferee = NO_NODE
    }
    if (this.electionElapsed >= this.config.electionTicks) {
      this.electionElapsed = 0
      if (this.config.checkQuorum && !this.quorumActive()) {
        this.emit('checkQuorumStepDown', `${this.id} stepped down at term ${this.term}: no quorum heard within an election timeout`)
        this.becomeFollower(this.term, NO_NODE)
        return
      }
    }
    if (this.heartbeatElapsed >= this.config.heartbeatTicks) {
      this.heartbeatElapsed = 0
      this.broadcastHeartbeat()
    }
  }

  private quorumActive(): boolean {
    const active = hasQuorum(this.membership.voters, (id) => id === this.id || this.progress.get(id)?.recentActive === true)
    for (const progress of this.progress.values()) progress.recentActive = false
    return active
  }

  // ---- roles ----------------------------------------------------------------------------

  private resetElectionTimer(): void {
    this.electionElapsed = 0
    this.heartbeatElapsed = 0
    const t = this.config.electionTicks
    this.randomizedElectionTimeout = t + this.config.rng.nextInt(t)
  }

  private becomeFollower(term: number, lead: NodeId): void {
    const changed = term !== this.term || this.role !== 'follower'
    if (term > this.term) {
      this.term = term
      this.vote = NO_NODE
    }
    this.role = 'follower'
    this.lead = lead
    this.leaveLeadership()
    this.resetElectionTimer()
    if (changed) this.emit('becameFollower', `${this.id} became follower at term ${this.term}`)
  }

  private leaveLeadership(): void {
    this.progress.clear()
    this.transferee = NO_NODE
    this.reads.clear()
    this.readsAwaitingCommit = []
    this.votes.clear()
  }

  private startCampaign(kind: 'preVote' | 'vote', transfer: boolean): void {
    this.leaveLeadership()
    this.resetElectionTimer()
    if (this.hastenedCampaignsLeft > 0) {
      this.hastenedCampaignsLeft--
      const retryTicks = this.config.heartbeatTicks + this.config.rng.nextInt(this.config.heartbeatTicks + 1)
      this.electionElapsed = Math.max(0, this.randomizedElectionTimeout - retryTicks)
    }
    this.lead = NO_NODE
    let term: number
    if (kind === 'preVote') {
      this.role = 'preCandidate'
      term = this.term + 1
      this.emit('becamePreCandidate', `${this.id} became pre-candidate at term ${this.term}`)
    } else {
      this.role = 'candidate'
      this.term++
      this.vote = this.id
      term = this.term
      this.emit('becameCandidate', `${this.id} became candidate at term ${this.term}`)
    }
    this.votes.set(this.id, true)
    if (this.tallyVotes(kind)) return
    for (const voter of this.membership.voters) {
      if (voter === this.id) continue
      this.messages.push({
        type: kind, from: this.id, to: voter, term,
        lastIndex: this.log.lastIndex(), lastTerm: this.log.lastTerm(), transfer,
      })
    }
  }

  /** Counts the votes so far; returns true when the campaign ended (won or lost). */
  private tallyVotes(kind: 'preVote' | 'vote'): boolean {
    const outcome = voteOutcome(this.membership.voters, this.votes)
    if (outcome === 'won') {
      if (kind === 'preVote') this.startCampaign('vote', false)
      else this.becomeLeader()
      return true
    }
    if (outcome === 'lost') {
      this.becomeFollower(this.term, NO_NODE)
      return true
    }
    return false
  }

  private becomeLeader(): void {
    this.hastenedCampaignsLeft = 0
    this.role = 'leader'
    this.lead = this.id
    this.votes.clear()
    this.resetElectionTimer()
    const next = this.log.lastIndex() + 1
    for (const id of allMembers(this.membership)) {
      if (id !== this.id) this.progress.set(id, new Progress(id, next, this.config.maxInflight))
    }
    this.emit('becameLeader', `${this.id} became leader at term ${this.term}`)
    this.appendAsLeader({ index: next, term: this.term, type: 'noop' })
  }

  private isPromotable(): boolean {
    return isVoter(this.membership, this.id) && this.log.pendingSnapshot === undefined
  }

  // ---- messages: terms and votes ----------------------------------------------------------

  /** Applies the term rules every message obeys; returns false when the message is done with. */
  private stepTerm(m: Message): boolean {
    if (m.term > this.term) {
      if ((m.type === 'preVote' || m.type === 'vote') && !m.transfer && this.inLeaderLease()) {
        // Leader stickiness: a node that hears a live leader ignores campaigns (dissertation 4.2.3).
        this.emit('leaseIgnoredVote', `${this.id} ignored a ${m.type} from ${m.from} at term ${m.term}: leader ${this.lead} is live`)
        if (m.type === 'preVote') this.send({ type: 'preVoteResponse', to: m.from, reject: true })
        return false
      }
      if (m.type === 'preVote') return true
      if (m.type === 'preVoteResponse' && !m.reject) return true
      const fromLeader = m.type === 'append' || m.type === 'heartbeat' || m.type === 'snapshot'
      this.becomeFollower(m.term, fromLeader ? m.from : NO_NODE)
      return true
    }
    if (m.term < this.term) {
      if (m.type === 'append' || m.type === 'heartbeat' || m.type === 'preVote') {
        // Tell a stale leader or pre-candidate our term so it steps down or catches up.
        this.emit('staleTermRejected', `${this.id} rejected a ${m.type} from ${m.from} at stale term ${m.term} (term ${this.term})`)
        if (m.type === 'preVote') this.send({ type: 'preVoteResponse', to: m.from, reject: true })
        else this.send({ type: 'appendResponse', to: m.from, reject: true, index: 0, conflictIndex: 0, conflictTerm: 0 })
      }
      return false
    }
    return true
  }

  private inLeaderLease(): boolean {
    return this.config.checkQuorum && this.lead !== NO_NODE && (this.role === 'leader' || this.electionElapsed < this.config.electionTicks)
  }

  private handleVoteRequest(m: VoteMessage): void {
    const isPreVote = m.type === 'preVote'
    const canVote =
      this.vote === m.from ||
      (this.vote === NO_NODE && this.lead === NO_NODE) ||
      (isPreVote && m.term > this.term)
    const responseType = isPreVote ? 'preVoteResponse' : 'voteResponse'
    if (canVote && this.log.isUpToDate(m.lastIndex, m.lastTerm)) {
      // A pre-vote answer carries the term asked about, so the pre-candidate counts it.
      this.messages.push({ type: responseType, from: this.id, to: m.from, term: m.term, reject: false })
      if (!isPreVote) {
        this.vote = m.from
        this.electionElapsed = 0
      }
      return
    }
    this.emit(isPreVote ? 'preVoteRejected' : 'voteRejected', `${this.id} rejected ${m.type} from ${m.from} at term ${m.term}`)
    this.send({ type: responseType, to: m.from, reject: true })
  }

  // ---- messages by role -----------------------------------------------------------------

  private stepFollower(m: Message): void {
    switch (m.type) {
      case 'append':
        this.heardFromLeader(m.from)
        this.handleAppend(m)
        return
      case 'heartbeat':
        this.heardFromLeader(m.from)
        this.commitTo(Math.min(m.commit, this.log.lastIndex()))
        this.send({ type: 'heartbeatResponse', to: m.from, context: m.context })
        return
      case 'snapshot':
        this.heardFromLeader(m.from)
        this.handleSnapshot(m)
        return
      case 'timeoutNow':
        if (!this.isPromotable()) return
        this.emit('transferTimeoutNow', `${this.id} campaigns at once on a transfer from ${m.from} at term ${this.term}`)
        this.startCampaign('vote', true)
        return
      case 'readIndexResponse':
        this.readStates.push({ index: m.index, context: m.context })
        return
      default:
        return
    }
  }

  private stepCandidate(m: Message): void {
    switch (m.type) {
      case 'append':
      case 'heartbeat':
      case 'snapshot':
        // Someone won this term: follow it.
        this.becomeFollower(this.term, m.from)
        this.stepFollower(m)
        return
      case 'preVoteResponse':
        if (this.role !== 'preCandidate') return
        this.votes.set(m.from, !m.reject)
        this.tallyVotes('preVote')
        return
      case 'voteResponse':
        if (this.role !== 'candidate') return
        this.votes.set(m.from, !m.reject)
        this.tallyVotes('vote')
        return
      default:
        return
    }
  }

  private heardFromLeader(leader: NodeId): void {
    this.hastenedCampaignsLeft = 0
    this.electionElapsed = 0
    this.lead = leader
  }

  private stepLeader(m: Message): void {
    invariant(m.type !== 'append' && m.type !== 'heartbeat' && m.type !== 'snapshot', () =>
      `${this.id} is leader at term ${this.term} and got a ${m.type} from ${m.from} at the same term`,
    )
    const progress = this.progress.get(m.from)
    if (m.type === 'readIndex') {
      if (progress !== undefined) this.handleReadIndex(m.context, m.from)
      return
    }
    if (progress === undefined) {
      if (m.type === 'appendResponse' || m.type === 'heartbeatResponse') {
        this.emit('removedNodeIgnored', `${this.id} ignored ${m.type} from non-member ${m.from} at term ${this.term}`)
      }
      return
    }
    progress.recentActive = true
    progress.ticksSinceContact = 0
    if (m.type === 'appendResponse') this.handleAppendResponse(m, progress)
    else if (m.type === 'heartbeatResponse') this.handleHeartbeatResponse(m, progress)
  }

  // ---- replication: follower side -------------------------------------------------------

  private handleAppend(m: AppendMessage): void {
    const log = this.log
    if (m.prevIndex < log.committed) {
      // Everything up to our commit index already matches; say so and let the leader go on.
      this.send({ type: 'appendResponse', to: m.from, reject: false, index: log.committed, conflictIndex: 0, conflictTerm: 0 })
      return
    }
    if (log.matchTerm(m.prevIndex, m.prevTerm)) {
      const truncated = log.appendAfter(m.prevIndex, m.entries)
      if (truncated) this.emit('conflictTruncated', `${this.id} truncated conflicting entries after ${m.prevIndex} at term ${this.term}`)
      const lastNew = m.prevIndex + m.entries.length
      this.commitTo(Math.min(m.commit, lastNew))
      this.send({ type: 'appendResponse', to: m.from, reject: false, index: lastNew, conflictIndex: 0, conflictTerm: 0 })
      return
    }
    const { conflictIndex, conflictTerm } = log.conflictHint(m.prevIndex)
    this.send({ type: 'appendResponse', to: m.from, reject: true, index: m.prevIndex, conflictIndex, conflictTerm })
  }

  private handleSnapshot(m: SnapshotMessage): void {
    const snapshot = m.snapshot
    const log = this.log
    if (snapshot.index <= log.committed) {
      this.send({ type: 'appendResponse', to: m.from, reject: false, index: log.committed, conflictIndex: 0, conflictTerm: 0 })
      return
    }
    if (log.matchTerm(snapshot.index, snapshot.term)) {
      // We hold the snapshot's last entry: the log matches up to it, no need to restore.
      this.commitTo(snapshot.index)
    } else {
      log.restore(snapshot)
      this.membership = snapshot.membership
      this.membershipHistory = new MembershipHistory(snapshot.index, snapshot.membership)
      this.emit('snapshotInstalled', `${this.id} installed the snapshot at index ${snapshot.index} term ${snapshot.term}`)
    }
    this.send({ type: 'appendResponse', to: m.from, reject: false, index: snapshot.index, conflictIndex: 0, conflictTerm: 0 })
  }

  // ---- replication: leader side ---------------------------------------------------------

  private appendAsLeader(entry: Entry): void {
    this.log.append([entry])
    this.maybeCommit()
    this.broadcastAppend()
  }

  private broadcastAppend(): void {
    for (const id of this.progress.keys()) this.sendAppend(id, true)
  }

  private broadcastHeartbeat(): void {
    const context = this.reads.newestContext()
    for (const [id, progress] of this.progress) {
      const commit = Math.min(progress.match, this.log.committed)
      this.send({ type: 'heartbeat', to: id, commit, context })
    }
  }

  /** Sends what `to` is missing; streams several batches when it is known to match. */
  private sendAppend(to: NodeId, sendIfEmpty: boolean): void {
    const progress = this.progress.get(to)
    if (progress === undefined) return
    let allowEmpty = sendIfEmpty
    while (!progress.isPaused()) {
      const prevIndex = progress.next - 1
      const prevTerm = this.log.term(prevIndex)
      if (prevTerm === undefined) {
        this.sendSnapshot(progress)
        return
      }
      const last = this.log.lastIndex()
      const entries = progress.next <= last ? this.log.slice(progress.next, last, this.config.maxAppendEntries, this.config.maxAppendSize) : []
      if (entries.length === 0 && !allowEmpty) return
      this.send({ type: 'append', to, prevIndex, prevTerm, entries, commit: this.log.committed })
      progress.sentAppend(prevIndex + entries.length, entries.length)
      allowEmpty = false
      if (progress.state !== 'replicate' || entries.length === 0) return
    }
  }

  private sendSnapshot(progress: Progress): void {
    const snapshot = this.log.snapshot
    progress.becomeSnapshot(snapshot.index)
    this.emit('snapshotSent', `${this.id} sent the snapshot at index ${snapshot.index} to ${progress.id} at term ${this.term}`)
    this.send({ type: 'snapshot', to: progress.id, snapshot })
  }

  private handleAppendResponse(m: AppendResponseMessage, progress: Progress): void {
    if (m.reject) {
      const hintNext = this.log.nextAfterConflict(m.index, m.conflictIndex, m.conflictTerm)
      if (progress.maybeDecrease(m.index, hintNext)) this.sendAppend(m.from, true)
      return
    }
    const wasPaused = progress.isPaused()
    if (!progress.maybeUpdate(m.index)) {
      if (wasPaused && progress.state === 'probe') this.sendAppend(m.from, false)
      return
    }
    if (progress.state === 'probe') progress.becomeReplicate()
    else if (progress.state === 'snapshot' && progress.match >= progress.pendingSnapshot) {
      progress.becomeProbe()
      progress.becomeReplicate()
    }
    // A follower that was paused may not have heard the commit index yet: tell it, even empty.
    if (this.maybeCommit()) this.broadcastAppend()
    else this.sendAppend(m.from, wasPaused)
    if (m.from === this.transferee && progress.match === this.log.lastIndex()) this.sendTimeoutNow(m.from)
  }

  private handleHeartbeatResponse(m: HeartbeatResponseMessage, progress: Progress): void {
    progress.heartbeatAnswered()
    if (progress.state === 'snapshot' && progress.snapshotTicks >= this.config.electionTicks) {
      progress.becomeProbe() // the snapshot or its answer was lost: try again
    }
    // A lagging follower may have lost an append: an empty one at `next` either fills the
    // pipeline or draws a rejection that sends the progress back to probing.
    if (progress.match < this.log.lastIndex()) this.sendAppend(m.from, true)
    if (m.context !== '') {
      for (const read of this.reads.acknowledge(m.context, m.from, this.membership.voters)) this.releaseRead(read.context, read.index, read.requester)
    }
  }

  /**
   * Commit only by counting replicas of an entry of the current term (Raft 5.4.2). The leader
   * counts its own log only as far as it is on disk: the driver may send appends before its own
   * fsync finishes (dissertation 10.2.1), and an entry is committed only once a majority holds
   * it durably.
   */
  private maybeCommit(): boolean {
    const stableIndex = this.log.stableIndex
    const index = committedIndex(this.membership.voters, (id) => (id === this.id ? stableIndex : this.progress.get(id)?.match ?? 0))
    if (index <= this.log.committed || this.log.term(index) !== this.term) return false
    this.commitTo(index)
    return true
  }

  private sendTimeoutNow(to: NodeId): void {
    this.emit('transferTimeoutNow', `${this.id} sent timeout-now to ${to} at term ${this.term}`)
    this.send({ type: 'timeoutNow', to })
  }

  // ---- commit and membership ------------------------------------------------------------

  private commitTo(index: number): void {
    const previous = this.log.committed
    if (!this.log.commitTo(index)) return
    this.applyCommittedConfigs(previous + 1, index)
    if (this.role === 'leader' && this.log.term(previous) !== this.term && this.log.term(index) === this.term) {
      this.releaseReadsAwaitingCommit()
    }
  }

  private applyCommittedConfigs(from: number, to: number): void {
    for (let index = Math.max(from, this.log.firstIndex()); index <= to; index++) {
      const entry = this.log.entryAt(index)
      if (entry?.type === 'config') this.applyMembership(entry.index, entry.membership)
    }
  }

  private applyMembership(index: number, membership: Membership): void {
    this.membership = membership
    this.membershipHistory.record(index, membership)
    this.emit('membershipChanged', `${this.id} applied membership ${describeMembership(membership)} at index ${index}`)
    if (this.role !== 'leader') return
    if (!isMember(membership, this.id)) {
      this.emit('removedSelfStepDown', `${this.id} stepped down at term ${this.term}: removed from the membership`)
      this.becomeFollower(this.term, NO_NODE)
      return
    }
    for (const id of [...this.progress.keys()]) if (!isMember(membership, id)) this.progress.delete(id)
    for (const id of allMembers(membership)) {
      if (id !== this.id && !this.progress.has(id)) this.progress.set(id, new Progress(id, this.log.lastIndex() + 1, this.config.maxInflight))
    }
    if (this.transferee !== NO_NODE && !isVoter(membership, this.transferee)) this.transferee = NO_NODE
    // A smaller voter set may commit more at once.
    if (this.maybeCommit()) this.broadcastAppend()
  }

  private hasPendingConfChange(): boolean {
    for (let index = this.log.committed + 1; index <= this.log.lastIndex(); index++) {
      if (this.log.entryAt(index)?.type === 'config') return true
    }
    return false
  }

  // ---- reads ----------------------------------------------------------------------------

  private handleReadIndex(context: string, requester: NodeId): void {
    if (this.log.term(this.log.committed) !== this.term) {
      // Until an entry of this term commits, our commit index may be behind the true one.
      this.readsAwaitingCommit.push({ context, requester })
      return
    }
    this.reads.add(context, this.log.committed, requester, this.id)
    if (this.membership.voters.length === 1 && isVoter(this.membership, this.id)) {
      for (const read of this.reads.takeAll()) this.releaseRead(read.context, read.index, read.requester)
      return
    }
    this.broadcastHeartbeat()
  }

  private releaseReadsAwaitingCommit(): void {
    const waiting = this.readsAwaitingCommit
    this.readsAwaitingCommit = []
    for (const read of waiting) this.handleReadIndex(read.context, read.requester)
  }

  private releaseRead(context: string, index: number, requester: NodeId): void {
    if (requester === this.id) this.readStates.push({ index, context })
    else this.send({ type: 'readIndexResponse', to: requester, context, index })
  }

  // ---- helpers --------------------------------------------------------------------------

  private send(body: MessageBody<Message>): void {
    this.messages.push({ ...body, from: this.id, term: this.term } as Message)
  }

  private hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.log.committed }
  }

  private refuseUnlessLeader(): Refusal | undefined {
    if (this.role !== 'leader') return this.notLeader()
    if (this.transferee !== NO_NODE) return { ok: false, reason: 'transferInProgress', leader: this.id }
    return undefined
  }

  private notLeader(): Refusal {
    if (this.lead === NO_NODE) return { ok: false, reason: 'noLeader', leader: NO_NODE }
    return { ok: false, reason: 'notLeader', leader: this.lead }
  }

  private invalidTransfer(detail: string): Refusal {
    return { ok: false, reason: 'invalidTransfer', leader: this.id, detail }
  }

  private emit(event: RaftEventName, line: string): void {
    this.config.onEvent?.(event, line)
  }
}

function sameHardState(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit
}
