import {
  RaftCore,
  bootstrapState,
  createSeededRng,
  membershipOf,
  DEFAULT_RAFT_TUNING,
  type Entry,
  type HardState,
  type Message,
  type NodeId,
  type RaftConfig,
  type SnapshotMeta,
} from '../../../../../src/cluster/raft/index.js'
import { formatMessage, identityOf } from './format.js'

export type Tuning = Omit<RaftConfig, 'id' | 'rng' | 'onEvent'>

/** What a scenario node keeps on its simulated disk; the state machine is durable with it. */
interface NodeStore {
  hardState: HardState
  snapshot: { meta: SnapshotMeta; applied: string[] }
  entries: Entry[]
  applied: string[]
}

export class ScenarioNode {
  core: RaftCore | undefined
  readonly incomingSnapshots = new Map<number, string[]>()

  constructor(
    readonly id: NodeId,
    readonly tuning: Tuning,
    public store: NodeStore,
  ) {}
}

interface InFlight {
  readonly message: Message
  readonly snapshotData: string[] | undefined
}

/**
 * A small deterministic world for scenario files: nodes with in-memory disks, one FIFO queue of
 * messages, links that can be cut. Everything a node reports goes to `output`.
 */
export class ScenarioEnv {
  readonly nodes = new Map<NodeId, ScenarioNode>()
  private queue: InFlight[] = []
  private readonly cut = new Set<string>()
  readonly output: string[] = []
  traceMessages = false

  node(id: string | undefined): ScenarioNode {
    const node = id === undefined ? undefined : this.nodes.get(id)
    if (node === undefined) throw new Error(`unknown node ${id}`)
    return node
  }

  core(id: string | undefined): RaftCore {
    const core = this.node(id).core
    if (core === undefined) throw new Error(`${id} is down`)
    return core
  }

  addNode(id: NodeId, voters: readonly NodeId[], tuning: Partial<Tuning>): void {
    const boot = bootstrapState(membershipOf(voters))
    const store: NodeStore = { hardState: boot.hardState, snapshot: { meta: boot.snapshot, applied: [] }, entries: [], applied: [] }
    const node = new ScenarioNode(id, { ...DEFAULT_RAFT_TUNING, ...tuning }, store)
    this.nodes.set(id, node)
    this.start(node)
  }

  /** Builds the core from what is on the node's disk, as a restart does. */
  start(node: ScenarioNode): void {
    const { store } = node
    node.incomingSnapshots.clear()
    let seed = 0
    for (const char of node.id) seed = (seed * 31 + char.charCodeAt(0)) >>> 0
    node.core = undefined
    node.core = new RaftCore(
      { ...node.tuning, id: node.id, rng: createSeededRng(seed), onEvent: (_event, line) => this.output.push(line) },
      { hardState: store.hardState, snapshot: store.snapshot.meta, entries: store.entries, applied: store.applied.length },
    )
  }

  /** Replaces a node's disk with the given log and hard state, then restarts it. */
  restore(id: NodeId, hardState: HardState, entries: Entry[]): void {
    const node = this.node(id)
    node.store = { ...node.store, hardState, entries, applied: node.store.applied.slice(0, hardState.commit) }
    this.start(node)
  }

  crash(id: NodeId): void {
    this.node(id).core = undefined
    this.queue = this.queue.filter((inFlight) => inFlight.message.to !== id)
  }

  isCut(from: NodeId, to: NodeId): boolean {
    return this.cut.has(`${from}>${to}`)
  }

  cutLink(from: NodeId, to: NodeId): void {
    this.cut.add(`${from}>${to}`)
  }

  heal(): void {
    this.cut.clear()
  }

  /** Persists, sends and applies one node's Ready, in the order the Ready type prescribes. */
  processReady(node: ScenarioNode): boolean {
    const core = node.core
    if (core === undefined || !core.hasReady()) return false
    const ready = core.ready()
    const store = node.store
    if (ready.snapshot !== undefined) {
      const data = node.incomingSnapshots.get(ready.snapshot.index)
      if (data === undefined) throw new Error(`${node.id} never received snapshot ${ready.snapshot.index}`)
      store.snapshot = { meta: ready.snapshot, applied: data }
      store.entries = []
    }
    if (ready.entries.length > 0) {
      const first = ready.entries[0]!.index
      store.entries = [...store.entries.filter((entry) => entry.index < first), ...ready.entries]
    }
    if (ready.hardState !== undefined) store.hardState = ready.hardState
    for (const message of ready.messages) {
      const snapshotData = message.type === 'snapshot' ? store.snapshot.applied.slice(0, message.snapshot.index) : undefined
      this.queue.push({ message, snapshotData })
    }
    if (ready.snapshot !== undefined) store.applied = [...store.snapshot.applied]
    for (const entry of ready.committedEntries) {
      if (entry.index !== store.applied.length + 1) throw new Error(`${node.id} applied ${entry.index} after ${store.applied.length}`)
      store.applied.push(identityOf(entry))
    }
    for (const read of ready.readStates) this.output.push(`${node.id} read ${read.context} may run at index ${read.index}`)
    core.advance()
    return true
  }

  /** Delivers the queued messages (to `only`, if given), in order; cut links lose them. */
  deliver(only?: NodeId): boolean {
    const due = only === undefined ? this.queue : this.queue.filter((inFlight) => inFlight.message.to === only)
    this.queue = only === undefined ? [] : this.queue.filter((inFlight) => inFlight.message.to !== only)
    for (const { message, snapshotData } of due) {
      const target = this.nodes.get(message.to)
      if (target?.core === undefined || this.isCut(message.from, message.to)) {
        if (this.traceMessages) this.output.push(`dropped ${formatMessage(message)}`)
        continue
      }
      if (this.traceMessages) this.output.push(formatMessage(message))
      if (snapshotData !== undefined) target.incomingSnapshots.set(message.type === 'snapshot' ? message.snapshot.index : 0, snapshotData)
      target.core.step(message)
    }
    return due.length > 0
  }

  dropQueued(to: NodeId): void {
    this.queue = this.queue.filter((inFlight) => inFlight.message.to !== to)
  }

  /** Runs until no node has anything to do and no message is in flight. */
  stabilize(): void {
    for (let round = 0; round < 10_000; round++) {
      let busy = false
      for (const node of this.nodes.values()) busy = this.processReady(node) || busy
      busy = this.deliver() || busy
      if (!busy) return
    }
    throw new Error('stabilize did not settle within 10000 rounds')
  }
}
