import {
  RaftCore,
  bootstrapState,
  createSeededRng,
  maySendBeforePersisting,
  membershipOf,
  type ConfChange,
  type Entry,
  type HardState,
  type NodeId,
  type RaftEventName,
  type Rng,
} from '../../src/cluster/raft/index.js'
import { isMember } from '../../src/cluster/raft/membership.js'
import { entryIdentity, SafetyChecker } from './raft-sim-checker.js'
import { SimNetwork, type SnapshotData } from './raft-sim-network.js'

/** Fault paths the simulation must reach over a run of seeds; the core's events plus the sim's own. */
export const REQUIRED_PATHS = [
  'preVoteRejected',
  'leaseIgnoredVote',
  'staleTermRejected',
  'checkQuorumStepDown',
  'snapshotInstalled',
  'conflictTruncated',
  'membershipChanged',
  'removedSelfStepDown',
  'transferTimeoutNow',
  'transferAborted',
  'leaderConnectionLost',
  'removedNodeCampaign',
  'crashBeforeSend',
  'crashBeforePersist',
  'readServed',
] as const

export type PathCounts = Map<string, number>

export interface SimOptions {
  readonly seed: number
  readonly chaosRounds: number
  /** Rounds allowed after healing for a leader to appear and every acknowledged write to apply. */
  readonly livenessRounds: number
  /** Receives every core event line and the simulation's own fault lines, prefixed by the round. */
  readonly trace?: (line: string) => void
}

export interface SimResult {
  readonly seed: number
  readonly voters: number
  readonly rounds: number
  readonly acknowledged: number
  readonly paths: PathCounts
}

const ELECTION_TICKS = 10

/** What survives a crash: the fsynced log and hard state, the snapshot, and the state machine. */
interface Durable {
  hardState: HardState
  snapshot: SnapshotData
  entries: Entry[]
  /** The state machine is durable together with its applied index, like the graph store. */
  appliedIds: string[]
}

class SimNode {
  core: RaftCore | undefined
  readonly durable: Durable
  /** Snapshots received from leaders, waiting for the core to ask for their installation. */
  readonly incomingSnapshots = new Map<number, SnapshotData>()
  /**
   * Read contexts asked here, with the index each must cover. Kept across restarts and after
   * an answer: a late or duplicated answer may still arrive, and must still cover that index.
   */
  readonly reads = new Map<string, number>()

  constructor(readonly id: NodeId, initialVoters: readonly NodeId[]) {
    const boot = bootstrapState(membershipOf(initialVoters))
    this.durable = { hardState: boot.hardState, snapshot: { meta: boot.snapshot, applied: [] }, entries: [], appliedIds: [] }
  }

  get alive(): boolean {
    return this.core !== undefined
  }
}

/**
 * One seeded run: a cluster of 3, 5 or 7 voters (plus two spare nodes for membership changes)
 * under message loss, duplication, delay, partitions, crashes, membership changes, transfers
 * and compaction; then the network heals and the cluster must make progress.
 */
export class RaftSimulation {
  private readonly rng: Rng
  private readonly network: SimNetwork
  private readonly nodes = new Map<NodeId, SimNode>()
  private readonly checker: SafetyChecker
  private readonly paths: PathCounts = new Map()
  private now = 0
  private proposals = 0
  private readonly pendingProposals = new Map<number, { term: number; data: string; node: NodeId }>()
  private readonly acknowledged: string[] = []
  private highestAcknowledgedIndex = 0
  private readCounter = 0
  /** A crash planned inside the next Ready that allows it: before its fsync, or between fsync and send. */
  private pendingCrash: 'beforePersist' | 'afterPersist' | undefined
  /** Nodes that were ever members (or proposed as one); only the others may be added. */
  private readonly everMember = new Set<NodeId>()
  readonly voterCount: number
  private readonly maxAppendEntries: number
  private readonly maxAppendSize: number
  private readonly maxInflight: number

  constructor(private readonly options: SimOptions) {
    this.rng = createSeededRng(options.seed)
    this.network = new SimNetwork(this.rng)
    this.voterCount = [3, 3, 5, 5, 7][this.rng.nextInt(5)]!
    // Small batches and windows make a new leader replicate old-term entries one by one, the
    // situation of the paper's figure 8.
    this.maxAppendEntries = 1 + this.rng.nextInt(4)
    this.maxInflight = 1 + this.rng.nextInt(4)
    // Data is "p1", "p2", ...: a budget of a few entries' worth also cuts appends by size.
    this.maxAppendSize = 4 + this.rng.nextInt(12)
    const voters = Array.from({ length: this.voterCount }, (_, i) => `n${i + 1}`)
    const spares = [`n${this.voterCount + 1}`, `n${this.voterCount + 2}`]
    this.checker = new SafetyChecker(membershipOf(voters))
    for (const id of voters) this.nodes.set(id, new SimNode(id, voters))
    for (const id of voters) this.everMember.add(id)
    for (const id of spares) this.nodes.set(id, new SimNode(id, []))
    for (const node of this.nodes.values()) this.start(node)
  }

  run(): SimResult {
    for (; this.now < this.options.chaosRounds; this.now++) {
      this.injectFaults()
      this.round()
    }
    this.heal()
    const deadline = this.now + this.options.livenessRounds
    for (; this.now < deadline; this.now++) {
      this.round()
      if (this.isLive()) break
    }
    if (!this.isLive()) this.checker.fail(`liveness: ${this.describeLiveness()}`)
    return { seed: this.options.seed, voters: this.voterCount, rounds: this.now, acknowledged: this.acknowledged.length, paths: this.paths }
  }

  // ---- the world --------------------------------------------------------------------------

  private start(node: SimNode): void {
    const durable = node.durable
    this.note(`${node.id} started from snapshot ${durable.snapshot.meta.index}, ${durable.entries.length} entries, commit ${durable.hardState.commit}`)
    if (durable.appliedIds.length < durable.snapshot.meta.index) {
      // It crashed after persisting a snapshot but before installing it: install it now.
      durable.appliedIds = [...durable.snapshot.applied]
    }
    node.incomingSnapshots.clear()
    node.core = undefined
    node.core = new RaftCore(
      {
        id: node.id,
        electionTicks: ELECTION_TICKS,
        heartbeatTicks: 2,
        maxAppendEntries: this.maxAppendEntries,
        maxAppendSize: this.maxAppendSize,
        maxInflight: this.maxInflight,
        trailingLogs: 3,
        preVote: true,
        checkQuorum: true,
        rng: this.rng,
        onEvent: (event, line) => this.observe(node, event, line),
      },
      {
        hardState: durable.hardState,
        snapshot: durable.snapshot.meta,
        entries: durable.entries,
        applied: durable.appliedIds.length,
      },
    )
  }

  private observe(node: SimNode, event: RaftEventName, line: string): void {
    this.options.trace?.(`[${this.now}] ${line}`)
    this.count(event)
    const core = node.core
    if (event === 'becameLeader' && core !== undefined) {
      const status = core.status()
      this.checker.leaderElected(node.id, status.term, (index) => core.termAt(index), status.firstIndex, status.lastIndex)
    }
    if (event === 'becamePreCandidate' && !isMember(this.checker.membership, node.id)) this.count('removedNodeCampaign')
  }

  private note(line: string): void {
    this.options.trace?.(`[${this.now}] sim: ${line}`)
  }

  private count(path: string): void {
    this.paths.set(path, (this.paths.get(path) ?? 0) + 1)
  }

  private round(): void {
    for (const node of this.nodes.values()) {
      // A node sometimes misses a tick: clocks drift.
      if (node.core !== undefined && this.rng.nextInt(10) !== 0) node.core.tick()
      this.maybeProcessReady(node, 3)
    }
    for (const envelope of this.network.takeDue(this.now)) {
      const node = this.nodes.get(envelope.message.to)
      if (node?.core === undefined) continue
      if (envelope.snapshotData !== undefined) node.incomingSnapshots.set(envelope.snapshotData.meta.index, envelope.snapshotData)
      const before = node.core.status()
      node.core.step(envelope.message)
      const after = node.core.status()
      this.checker.monotonic(node.id, 'term', before.term, after.term)
      this.checker.monotonic(node.id, 'commit', before.commit, after.commit)
      this.maybeProcessReady(node, 4)
    }
    for (const node of this.nodes.values()) this.maybeProcessReady(node, 1)
  }

  /** Processes the node's Ready with probability 1/oneIn, so unpersisted state can be lost in a crash. */
  private maybeProcessReady(node: SimNode, oneIn: number): void {
    const core = node.core
    if (core === undefined || !core.hasReady() || this.rng.nextInt(oneIn) !== 0) return
    const ready = core.ready()
    const durable = node.durable
    // 0. a leader's appends and heartbeats leave before its own fsync, as the driver sends them
    const early = ready.messages.filter(maySendBeforePersisting)
    for (const message of early) this.network.send(message, this.now, undefined)
    if (this.pendingCrash === 'beforePersist' && early.length > 0) {
      this.pendingCrash = undefined
      this.count('crashBeforePersist')
      this.crash(node)
      return
    }
    // 1. persist
    if (ready.snapshot !== undefined) {
      const data = node.incomingSnapshots.get(ready.snapshot.index)
      if (data === undefined) this.checker.fail(`${node.id} must install snapshot ${ready.snapshot.index} it never received`)
      durable.snapshot = data
      durable.entries = durable.entries.filter((entry) => entry.index > ready.snapshot!.index)
    }
    if (ready.entries.length > 0) {
      const first = ready.entries[0]!.index
      durable.entries = durable.entries.filter((entry) => entry.index < first)
      for (const entry of ready.entries) {
        this.checker.entryPersisted(node.id, entry, core.termAt(entry.index - 1))
        durable.entries.push(entry)
      }
    }
    if (ready.hardState !== undefined) {
      const status = core.status()
      if (status.role === 'leader' && ready.hardState.commit > durable.hardState.commit && ready.hardState.term === status.term) {
        const commit = ready.hardState.commit
        this.checker.leaderCommitted(node.id, status.term, commit, core.termAt(commit))
      }
      this.checker.monotonic(node.id, 'durable term', durable.hardState.term, ready.hardState.term)
      this.checker.monotonic(node.id, 'durable commit', durable.hardState.commit, ready.hardState.commit)
      durable.hardState = ready.hardState
    }
    if (this.pendingCrash === 'afterPersist') {
      this.pendingCrash = undefined
      this.count('crashBeforeSend')
      this.crash(node)
      return
    }
    // 2. send the rest
    for (const message of ready.messages) {
      if (maySendBeforePersisting(message)) continue
      const data = message.type === 'snapshot' ? durable.snapshot : undefined
      if (data !== undefined && data.meta.index !== (message.type === 'snapshot' ? message.snapshot.index : -1)) {
        this.checker.fail(`${node.id} sent snapshot metadata that does not match its stored snapshot`)
      }
      this.network.send(message, this.now, data)
    }
    // 3. apply
    if (ready.snapshot !== undefined) {
      const data = durable.snapshot
      data.applied.forEach((identity, i) => this.checker.applied(node.id, i + 1, identity))
      durable.appliedIds = [...data.applied]
    }
    for (const entry of ready.committedEntries) this.apply(node, entry)
    for (const read of ready.readStates) {
      const required = node.reads.get(read.context)
      if (required === undefined) this.checker.fail(`${node.id} got a read state for unknown context ${read.context}`)
      this.checker.readServed(node.id, read, required)
      this.count('readServed')
    }
    core.advance()
  }

  private apply(node: SimNode, entry: Entry): void {
    const applied = node.durable.appliedIds
    if (entry.index !== applied.length + 1) {
      this.checker.fail(`${node.id} was handed entry ${entry.index} to apply after applying ${applied.length}`)
    }
    const identity = entryIdentity(entry)
    const firstTime = this.checker.canonical.length < entry.index
    this.checker.applied(node.id, entry.index, identity)
    applied.push(identity)
    if (firstTime && entry.type === 'config') this.checker.membership = entry.membership
    const proposal = this.pendingProposals.get(entry.index)
    if (proposal !== undefined && proposal.node === node.id) {
      this.pendingProposals.delete(entry.index)
      if (entry.type === 'normal' && entry.term === proposal.term && entry.data === proposal.data) {
        this.acknowledged.push(proposal.data)
        this.highestAcknowledgedIndex = Math.max(this.highestAcknowledgedIndex, entry.index)
      }
    }
  }

  private crash(node: SimNode): void {
    this.note(`${node.id} crashed (applied ${node.durable.appliedIds.length}, durable term ${node.durable.hardState.term})`)
    node.core = undefined
  }

  // ---- faults -----------------------------------------------------------------------------

  private chance(percent: number): boolean {
    return this.rng.nextInt(1000) < percent * 10
  }

  private pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[this.rng.nextInt(items.length)]
  }

  private leaders(): SimNode[] {
    return [...this.nodes.values()].filter((node) => node.core?.status().role === 'leader')
  }

  private liveNodes(): SimNode[] {
    return [...this.nodes.values()].filter((node) => node.alive)
  }

  private injectFaults(): void {
    const leader = this.pick(this.leaders())
    if (leader?.core !== undefined && this.chance(30)) {
      const data = `p${++this.proposals}`
      const result = leader.core.propose(data)
      if (result.ok) this.pendingProposals.set(result.index, { term: result.term, data, node: leader.id })
    }
    if (this.chance(1.5)) this.crashSomeone()
    for (const node of this.nodes.values()) if (!node.alive && this.chance(5)) this.start(node)
    if (this.chance(2)) this.changeNetwork()
    if (leader?.core !== undefined && this.chance(2)) this.changeMembership(leader)
    if (leader?.core !== undefined && this.chance(1)) {
      const target = this.pick(leader.core.status().membership.voters.filter((id) => id !== leader.id))
      if (target !== undefined) leader.core.transferLeadership(target)
    }
    if (this.chance(3)) this.takeSnapshot()
    if (this.chance(5)) this.askRead()
  }

  private crashSomeone(): void {
    const victim = this.pick(this.liveNodes())
    if (victim === undefined) return
    if (this.chance(30)) {
      // Crash in the middle of its next Ready: persisted, but nothing sent or applied.
      this.pendingCrash = 'afterPersist'
      return
    }
    if (this.chance(30)) {
      // A leader crashes after sending appends, before its own fsync: what it sent may be on
      // followers only, and must not count as committed without a durable majority.
      this.pendingCrash = 'beforePersist'
      return
    }
    const wasLeader = victim.core?.status().role === 'leader'
    this.crash(victim)
    this.count('crash')
    if (wasLeader) this.connectionsDropped(victim.id)
  }

  /** Followers of a vanished leader notice their connection dropped (fast failover). */
  private connectionsDropped(leaderId: NodeId): void {
    for (const node of this.liveNodes()) {
      if (node.core!.status().leader === leaderId && this.chance(50)) node.core!.leaderConnectionLost()
    }
  }

  private changeNetwork(): void {
    const ids = [...this.nodes.keys()]
    switch (this.rng.nextInt(6)) {
      case 0: {
        const leader = this.pick(this.leaders())
        if (leader === undefined) return
        this.network.partition([[leader.id], ids.filter((id) => id !== leader.id)])
        this.note(`leader ${leader.id} isolated`)
        this.connectionsDropped(leader.id)
        return
      }
      case 1: {
        const half = ids.filter(() => this.rng.nextInt(2) === 0)
        this.network.partition([half, ids.filter((id) => !half.includes(id))])
        this.note(`partition ${half.join(',')} | rest`)
        return
      }
      case 2: {
        const from = this.pick(ids)!
        const to = this.pick(ids)!
        if (from !== to) this.network.cutOneWay(from, to)
        this.note(`link ${from}>${to} cut`)
        return
      }
      case 3:
        this.network.faults = {
          dropPercent: this.rng.nextInt(25),
          duplicatePercent: this.rng.nextInt(10),
          maxDelayRounds: 1 + this.rng.nextInt(4),
        }
        return
      default:
        this.network.heal()
        this.note('network healed')
    }
  }

  private changeMembership(leader: SimNode): void {
    const core = leader.core!
    const { membership } = core.status()
    const outsiders = [...this.nodes.keys()].filter((id) => !this.everMember.has(id))
    let change: ConfChange | undefined
    switch (this.rng.nextInt(4)) {
      case 0: {
        const node = this.claimOutsider(outsiders)
        if (node !== undefined) change = { kind: 'addLearner', node }
        break
      }
      case 1: {
        const node = this.pick(membership.learners)
        if (node !== undefined) change = { kind: 'promoteLearner', node }
        break
      }
      case 2: {
        const node = this.claimOutsider(outsiders)
        if (node !== undefined) change = { kind: 'addVoter', node }
        break
      }
      default: {
        if (membership.voters.length <= 2) break
        const node = this.pick([...membership.voters, ...membership.learners])
        if (node !== undefined) change = { kind: 'remove', node }
      }
    }
    if (change !== undefined) core.proposeConfChange(change)
  }

  /** Removed nodes stay out: re-adding one with its stale log is left to the scenario tests. */
  private claimOutsider(candidates: readonly NodeId[]): NodeId | undefined {
    const node = this.pick(candidates)
    if (node !== undefined) this.everMember.add(node)
    return node
  }

  private takeSnapshot(): void {
    const node = this.pick(this.liveNodes())
    const core = node?.core
    if (node === undefined || core === undefined || core.hasReady()) return
    const applied = node.durable.appliedIds.length
    if (applied <= node.durable.snapshot.meta.index) return
    const { snapshot, firstIndex } = core.snapshotTaken(applied)
    this.note(`${node.id} took a snapshot at ${snapshot.index}, first index now ${firstIndex}`)
    node.durable.snapshot = { meta: snapshot, applied: node.durable.appliedIds.slice(0, snapshot.index) }
    node.durable.entries = node.durable.entries.filter((entry) => entry.index >= firstIndex)
  }

  private askRead(): void {
    const node = this.pick(this.liveNodes())
    if (node?.core === undefined) return
    const context = `r${++this.readCounter}`
    const required = this.highestAcknowledgedIndex
    if (node.core.readIndex(context).ok) node.reads.set(context, required)
  }

  private heal(): void {
    this.network.heal()
    this.network.faults = { dropPercent: 0, duplicatePercent: 0, maxDelayRounds: 1 }
    this.pendingCrash = undefined
    for (const node of this.nodes.values()) if (!node.alive) this.start(node)
  }

  // ---- liveness ---------------------------------------------------------------------------

  private isLive(): boolean {
    const leader = this.leaders().at(-1)
    if (leader?.core === undefined) return false
    const { membership, term } = leader.core.status()
    if (this.leaders().some((other) => other.core!.status().term > term)) return false
    const expected = this.acknowledged.length
    if (expected === 0) return true
    const lastAck = this.highestAcknowledgedIndex
    return [...membership.voters, ...membership.learners].every((id) => {
      const node = this.nodes.get(id)!
      return node.durable.appliedIds.length >= lastAck
    })
  }

  private describeLiveness(): string {
    const states = [...this.nodes.values()].map((node) => {
      const status = node.core?.status()
      return `${node.id}:${status?.role ?? 'down'}@${status?.term ?? '-'} applied=${node.durable.appliedIds.length}`
    })
    return `no leader with every acknowledged write applied within ${this.options.livenessRounds} rounds (${states.join(' ')}; last ack ${this.highestAcknowledgedIndex})`
  }
}

