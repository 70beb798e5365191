import type { Entry, Membership, NodeId, ReadState } from '../../src/cluster/raft/index.js'

/** The identity of an entry's content, the same on every node that holds it. */
export function entryIdentity(entry: Entry): string {
  switch (entry.type) {
    case 'normal':
      return `${entry.term}|n|${entry.data}`
    case 'noop':
      return `${entry.term}|noop`
    case 'config':
      return `${entry.term}|c|${entry.change.kind}:${entry.change.node}`
  }
}

export class SafetyViolation extends Error {
  override name = 'SafetyViolation'
}

/**
 * The Raft safety properties (paper figure 3), checked as the simulation runs. Each check is
 * incremental, so it can run after every event without making a seed slow:
 *   election safety    - at most one leader per term;
 *   log matching       - an (index, term) pair always names the same entry with the same
 *                        predecessor term, so (by induction) logs agreeing on it agree before it;
 *   leader completeness- a new leader holds every entry applied anywhere;
 *   state machine      - every node applies the same entry at each index, each index once;
 *   commit rule        - a leader commits only by counting replicas of its own term's entries;
 *   monotonic          - durable term and commit never go backwards;
 *   linearizable reads - a read index covers every write acknowledged before the read began.
 */
export class SafetyChecker {
  private readonly leaders = new Map<number, NodeId>()
  private readonly entriesByPosition = new Map<string, string>()
  /** canonical[i - 1]: the identity of the entry applied at index i, by whoever applied first. */
  readonly canonical: string[] = []
  /** The membership of the newest applied config entry, as the cluster sees it. */
  membership: Membership

  constructor(initial: Membership) {
    this.membership = initial
  }

  fail(message: string): never {
    throw new SafetyViolation(message)
  }

  leaderElected(id: NodeId, term: number, termAt: (index: number) => number | undefined, firstIndex: number, lastIndex: number): void {
    const existing = this.leaders.get(term)
    if (existing !== undefined && existing !== id) this.fail(`election safety: ${existing} and ${id} both led term ${term}`)
    this.leaders.set(term, id)
    if (lastIndex < this.canonical.length) {
      this.fail(`leader completeness: ${id} leads term ${term} with last index ${lastIndex} < applied ${this.canonical.length}`)
    }
    for (let index = firstIndex; index <= this.canonical.length; index++) {
      const expectedTerm = Number(this.canonical[index - 1]!.split('|')[0])
      if (termAt(index) !== expectedTerm) {
        this.fail(`leader completeness: ${id} leads term ${term} but has term ${termAt(index)} at ${index}, applied term ${expectedTerm}`)
      }
    }
  }

  entryPersisted(node: NodeId, entry: Entry, prevTerm: number | undefined): void {
    const key = `${entry.index}:${entry.term}`
    const value = `${prevTerm}|${entryIdentity(entry)}`
    const known = this.entriesByPosition.get(key)
    if (known === undefined) this.entriesByPosition.set(key, value)
    else if (known !== value) this.fail(`log matching: ${node} holds ${value} at ${key}, another node ${known}`)
  }

  applied(node: NodeId, index: number, identity: string): void {
    const known = this.canonical[index - 1]
    if (known === undefined) {
      if (index !== this.canonical.length + 1) this.fail(`state machine safety: ${node} applied ${index} past ${this.canonical.length}`)
      this.canonical.push(identity)
    } else if (known !== identity) {
      this.fail(`state machine safety: ${node} applied ${identity} at ${index}, others ${known}`)
    }
  }

  /** Raft 5.4.2: a leader moves its commit index only onto an entry of its own term. */
  leaderCommitted(node: NodeId, term: number, commit: number, commitTerm: number | undefined): void {
    if (commitTerm !== term) this.fail(`commit rule: leader ${node} of term ${term} committed ${commit} of term ${commitTerm}`)
  }

  monotonic(node: NodeId, what: string, before: number, after: number): void {
    if (after < before) this.fail(`monotonic ${what}: ${node} went from ${before} to ${after}`)
  }

  readServed(node: NodeId, read: ReadState, requiredIndex: number): void {
    if (read.index < requiredIndex) {
      this.fail(`linearizable read: ${node} served ${read.context} at ${read.index}, but ${requiredIndex} was acknowledged before it`)
    }
  }
}
