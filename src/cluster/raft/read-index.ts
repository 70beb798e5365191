import { hasQuorum } from './quorum.js'
import type { NodeId } from './types.js'

/** A read waiting for the leader to confirm it is still the leader (dissertation 6.4). */
export interface PendingRead {
  readonly context: string
  /** The commit index when the read arrived: the read may run once this is applied. */
  readonly index: number
  /** The node that asked: the leader itself or a follower that forwarded the read. */
  readonly requester: NodeId
  readonly acks: Set<NodeId>
}

/**
 * The leader's queue of reads awaiting a heartbeat round. An answer to a heartbeat carrying
 * context c confirms leadership for c and for every read queued before it, since that
 * heartbeat was sent after they were queued.
 */
export class ReadIndexQueue {
  private queue: PendingRead[] = []

  add(context: string, index: number, requester: NodeId, self: NodeId): void {
    if (this.queue.some((read) => read.context === context)) return
    this.queue.push({ context, index, requester, acks: new Set([self]) })
  }

  /** The newest context, carried by every heartbeat so a lost one does not stall reads. */
  newestContext(): string {
    return this.queue.at(-1)?.context ?? ''
  }

  /** Records an acknowledgement and returns the reads now confirmed, oldest first. */
  acknowledge(context: string, from: NodeId, voters: readonly NodeId[]): PendingRead[] {
    const position = this.queue.findIndex((read) => read.context === context)
    const read = this.queue[position]
    if (read === undefined) return []
    read.acks.add(from)
    if (!hasQuorum(voters, (id) => read.acks.has(id))) return []
    return this.queue.splice(0, position + 1)
  }

  /** Confirms every queued read at once (a single-voter cluster needs no round). */
  takeAll(): PendingRead[] {
    return this.queue.splice(0)
  }

  clear(): void {
    this.queue = []
  }

  size(): number {
    return this.queue.length
  }
}
