import type { Message, NodeId, SnapshotMeta } from '../../src/cluster/raft/index.js'
import type { Rng } from '../../src/cluster/raft/rng.js'

/** A message on the simulated wire; a snapshot travels with its data, as the driver streams it. */
export interface Envelope {
  readonly deliverAt: number
  readonly sequence: number
  readonly message: Message
  readonly snapshotData: SnapshotData | undefined
}

/** The simulated state machine's content at a snapshot: the identities of applied entries. */
export interface SnapshotData {
  readonly meta: SnapshotMeta
  readonly applied: readonly string[]
}

export interface NetworkFaults {
  dropPercent: number
  duplicatePercent: number
  /** Extra rounds a message may wait, drawn uniformly; unequal waits reorder messages. */
  maxDelayRounds: number
}

export const CALM: NetworkFaults = { dropPercent: 0, duplicatePercent: 0, maxDelayRounds: 1 }

/**
 * The in-memory network of the simulator: lossy, duplicating, reordering, with one-way link
 * cuts. Everything random comes from the simulation's seeded generator.
 */
export class SimNetwork {
  private queue: Envelope[] = []
  private sequence = 0
  /** Cut links, as "from>to". */
  private readonly cut = new Set<string>()
  faults: NetworkFaults = { ...CALM }

  constructor(private readonly rng: Rng) {}

  send(message: Message, now: number, snapshotData: SnapshotData | undefined): void {
    if (this.rng.nextInt(100) < this.faults.dropPercent) return
    const copies = this.rng.nextInt(100) < this.faults.duplicatePercent ? 2 : 1
    for (let i = 0; i < copies; i++) {
      const deliverAt = now + 1 + this.rng.nextInt(this.faults.maxDelayRounds + 1)
      this.queue.push({ deliverAt, sequence: this.sequence++, message, snapshotData })
    }
  }

  /** Takes the messages due by `now` in a random order, leaving those on cut links behind as lost. */
  takeDue(now: number): Envelope[] {
    const due: Envelope[] = []
    const later: Envelope[] = []
    for (const envelope of this.queue) (envelope.deliverAt <= now ? due : later).push(envelope)
    this.queue = later
    for (let i = due.length - 1; i > 0; i--) {
      const j = this.rng.nextInt(i + 1)
      ;[due[i], due[j]] = [due[j]!, due[i]!]
    }
    return due.filter((envelope) => !this.isCut(envelope.message.from, envelope.message.to))
  }

  isCut(from: NodeId, to: NodeId): boolean {
    return this.cut.has(`${from}>${to}`)
  }

  cutOneWay(from: NodeId, to: NodeId): void {
    this.cut.add(`${from}>${to}`)
  }

  /** Splits the nodes into groups that cannot reach each other. */
  partition(groups: readonly (readonly NodeId[])[]): void {
    for (const a of groups) {
      for (const b of groups) {
        if (a === b) continue
        for (const from of a) for (const to of b) this.cut.add(`${from}>${to}`)
      }
    }
  }

  heal(): void {
    this.cut.clear()
  }

  hasCuts(): boolean {
    return this.cut.size > 0
  }

  pending(): number {
    return this.queue.length
  }
}
