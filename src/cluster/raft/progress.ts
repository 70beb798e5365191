import type { NodeId } from './types.js'

/**
 * How the leader replicates to one member (the etcd-io/raft progress states):
 *   probe     - the follower's log position is unknown: one append at a time, wait for the answer;
 *   replicate - the follower is known to match: stream appends, at most `maxInflight` unanswered;
 *   snapshot  - the follower is behind the leader's first index: an InstallSnapshot is on its way.
 */
export type ProgressState = 'probe' | 'replicate' | 'snapshot'

export class Progress {
  readonly id: NodeId
  /** The highest index known to match the leader's log. */
  match = 0
  /** The next index to send. */
  next: number
  state: ProgressState = 'probe'
  /** In probe state: an append is out and unanswered, so do not send another. */
  probeSent = false
  /** In snapshot state: the index of the snapshot sent. */
  pendingSnapshot = 0
  /** Ticks since the snapshot was sent; a lost one is retried after an election timeout. */
  snapshotTicks = 0
  /** Last indexes of unanswered appends in replicate state, oldest first. */
  private inflight: number[] = []
  private readonly maxInflight: number
  /** Heard from within the current check-quorum window. */
  recentActive = false
  /** Ticks since the leader last heard from this member (for operators). */
  ticksSinceContact = 0

  constructor(id: NodeId, next: number, maxInflight: number) {
    this.id = id
    this.next = next
    this.maxInflight = maxInflight
  }

  becomeProbe(): void {
    // After a snapshot, resume right after it; otherwise right after what is known to match.
    this.next = this.state === 'snapshot' ? Math.max(this.match, this.pendingSnapshot) + 1 : this.match + 1
    this.state = 'probe'
    this.reset()
  }

  becomeReplicate(): void {
    this.state = 'replicate'
    this.next = this.match + 1
    this.reset()
  }

  becomeSnapshot(snapshotIndex: number): void {
    this.state = 'snapshot'
    this.reset()
    this.pendingSnapshot = snapshotIndex
  }

  private reset(): void {
    this.probeSent = false
    this.pendingSnapshot = 0
    this.snapshotTicks = 0
    this.inflight = []
  }

  /** Whether the leader should hold off sending appends to this member. */
  isPaused(): boolean {
    switch (this.state) {
      case 'probe':
        return this.probeSent
      case 'replicate':
        return this.inflight.length >= this.maxInflight
      case 'snapshot':
        return true
    }
  }

  /** Records an append that was sent, ending at `lastIndex`. */
  sentAppend(lastIndex: number, entryCount: number): void {
    if (this.state === 'replicate') {
      if (entryCount > 0) {
        this.next = lastIndex + 1
        this.inflight.push(lastIndex)
      }
    } else if (this.state === 'probe') {
      this.probeSent = true
    }
  }

  /** An accepted append up to `index`; returns whether the match moved. */
  maybeUpdate(index: number): boolean {
    this.probeSent = false
    this.inflight = this.inflight.filter((last) => last > index)
    if (index <= this.match) return false
    this.match = index
    this.next = Math.max(this.next, index + 1)
    return true
  }

  /**
   * A rejected append at `rejectedIndex`, with the follower's hint of where to look next.
   * Returns false for a stale rejection (an answer to an append already superseded).
   */
  maybeDecrease(rejectedIndex: number, hintNext: number): boolean {
    if (this.state === 'replicate') {
      if (rejectedIndex <= this.match) return false
      this.becomeProbe()
      this.next = Math.max(this.match + 1, Math.min(hintNext, rejectedIndex))
      return true
    }
    if (this.state === 'snapshot' || this.next - 1 !== rejectedIndex) return false
    this.next = Math.max(this.match + 1, Math.min(hintNext, rejectedIndex))
    this.probeSent = false
    return true
  }

  /** A heartbeat answer: a full window may have lost a message, so make room for one more. */
  heartbeatAnswered(): void {
    this.probeSent = false
    if (this.state === 'replicate' && this.inflight.length >= this.maxInflight) this.inflight.shift()
  }

  inflightCount(): number {
    return this.inflight.length
  }
}
