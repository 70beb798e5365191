/**
 * The plain data the Raft core takes in and hands out. Everything here is JSON-able (terms and
 * indexes are numbers, node ids strings) because the transport sends messages as JSON frames
 * and the durable log stores entries as they are.
 */

export type NodeId = string

/** The term or node id used where there is none (no vote, no leader, no entry). */
export const NO_NODE = ''

export interface Membership {
  /** Members whose votes count for elections and commits. Sorted, no duplicates. */
  readonly voters: readonly NodeId[]
  /** Non-voting members that receive the log (learners). Sorted, disjoint from voters. */
  readonly learners: readonly NodeId[]
}

/** One server at a time: the only membership changes the core accepts. */
export type ConfChange =
  | { readonly kind: 'addVoter'; readonly node: NodeId }
  | { readonly kind: 'addLearner'; readonly node: NodeId }
  | { readonly kind: 'promoteLearner'; readonly node: NodeId }
  | { readonly kind: 'remove'; readonly node: NodeId }

interface EntryBase {
  readonly index: number
  readonly term: number
}

/** A command of the driver; `data` is opaque to the core. */
export interface NormalEntry extends EntryBase {
  readonly type: 'normal'
  readonly data: string
}

/** Appended by every new leader so it can commit an entry of its own term at once. */
export interface NoopEntry extends EntryBase {
  readonly type: 'noop'
}

/**
 * A membership change. It carries the whole membership that results, so a node that learns
 * the log from the middle (after a snapshot, or a new member) knows the membership without
 * replaying earlier changes. It takes effect when committed.
 */
export interface ConfigEntry extends EntryBase {
  readonly type: 'config'
  readonly change: ConfChange
  readonly membership: Membership
}

export type Entry = NormalEntry | NoopEntry | ConfigEntry

/** What an entry counts toward an append's maxAppendSize: its data's characters; noop and config entries are small. */
export function entrySize(entry: Entry): number {
  return entry.type === 'normal' ? entry.data.length : 0
}

/** What must be durable before any message of the same Ready leaves the node. */
export interface HardState {
  readonly term: number
  readonly vote: NodeId
  readonly commit: number
}

/** A snapshot covers every entry up to and including `index`. The driver keeps the data. */
export interface SnapshotMeta {
  readonly index: number
  readonly term: number
  readonly membership: Membership
}

/** A linearizable read may run once the local applied index reaches `index`. */
export interface ReadState {
  readonly index: number
  readonly context: string
}

interface MessageBase {
  readonly from: NodeId
  readonly to: NodeId
  readonly term: number
}

export interface AppendMessage extends MessageBase {
  readonly type: 'append'
  readonly prevIndex: number
  readonly prevTerm: number
  readonly entries: readonly Entry[]
  readonly commit: number
}

export interface AppendResponseMessage extends MessageBase {
  readonly type: 'appendResponse'
  readonly reject: boolean
  /** Accepted: the last index now known to match. Rejected: the prevIndex that did not match. */
  readonly index: number
  /** On reject, where the leader should look next (fast backtracking, dissertation 5.3). */
  readonly conflictIndex: number
  /** On reject, the follower's term at `index`, or 0 when its log is shorter. */
  readonly conflictTerm: number
}

export interface HeartbeatMessage extends MessageBase {
  readonly type: 'heartbeat'
  readonly commit: number
  /** The newest pending read-index context; its acknowledgement confirms leadership. */
  readonly context: string
}

export interface HeartbeatResponseMessage extends MessageBase {
  readonly type: 'heartbeatResponse'
  readonly context: string
}

export interface VoteMessage extends MessageBase {
  readonly type: 'preVote' | 'vote'
  readonly lastIndex: number
  readonly lastTerm: number
  /** Set when a leadership transfer asked for this election; it overrides leader stickiness. */
  readonly transfer: boolean
}

export interface VoteResponseMessage extends MessageBase {
  readonly type: 'preVoteResponse' | 'voteResponse'
  readonly reject: boolean
}

/** InstallSnapshot as the core sees it: metadata only; the driver streams the data. */
export interface SnapshotMessage extends MessageBase {
  readonly type: 'snapshot'
  readonly snapshot: SnapshotMeta
}

export interface TimeoutNowMessage extends MessageBase {
  readonly type: 'timeoutNow'
}

/** A follower forwards a read to the leader; the leader answers once leadership is confirmed. */
export interface ReadIndexMessage extends MessageBase {
  readonly type: 'readIndex'
  readonly context: string
}

export interface ReadIndexResponseMessage extends MessageBase {
  readonly type: 'readIndexResponse'
  readonly context: string
  readonly index: number
}

export type Message =
  | AppendMessage
  | AppendResponseMessage
  | HeartbeatMessage
  | HeartbeatResponseMessage
  | VoteMessage
  | VoteResponseMessage
  | SnapshotMessage
  | TimeoutNowMessage
  | ReadIndexMessage
  | ReadIndexResponseMessage

export type MessageType = Message['type']

/**
 * Everything the driver must act on, in this order:
 *   1. persist and fsync `snapshot` (if any), then `entries` (overwriting any persisted entry at
 *      or after `entries[0].index`), then `hardState` (if any);
 *   2. only then send `messages` (a vote or an acknowledgement must never outrun the disk).
 *      The exception: appends and heartbeats (only a leader sends them) may leave before step 1,
 *      so followers write to their disks while the leader writes to its own; the leader counts
 *      its own entries toward a commit only after advance() says they are durable;
 *   3. install `snapshot` into the state machine, then hand `committedEntries` to be applied in
 *      order (the applying may run on while the next Ready is persisted); release `readStates`
 *      to waiting readers once the applied index reaches theirs;
 *   4. call `advance()`.
 * Committed entries may include entries of this same Ready: they are applied after step 1.
 */
export interface Ready {
  readonly hardState: HardState | undefined
  readonly entries: readonly Entry[]
  readonly snapshot: SnapshotMeta | undefined
  readonly messages: readonly Message[]
  readonly committedEntries: readonly Entry[]
  readonly readStates: readonly ReadState[]
}

/** The messages of a Ready that may leave before its fsync (step 2 of `Ready`): a leader's appends and heartbeats. */
export function maySendBeforePersisting(message: Message): boolean {
  return message.type === 'append' || message.type === 'heartbeat'
}

export type Role = 'follower' | 'preCandidate' | 'candidate' | 'leader'

/** Why the core refused a request; the driver turns it into a coded error. */
export type Refusal =
  | { readonly ok: false; readonly reason: 'notLeader'; readonly leader: NodeId }
  | { readonly ok: false; readonly reason: 'transferInProgress'; readonly leader: NodeId }
  | { readonly ok: false; readonly reason: 'confChangePending'; readonly leader: NodeId; readonly detail: string }
  | { readonly ok: false; readonly reason: 'invalidConfChange'; readonly leader: NodeId; readonly detail: string }
  | { readonly ok: false; readonly reason: 'invalidTransfer'; readonly leader: NodeId; readonly detail: string }
  | { readonly ok: false; readonly reason: 'noLeader'; readonly leader: NodeId }

export type ProposeResult = { readonly ok: true; readonly index: number; readonly term: number } | Refusal
export type RequestResult = { readonly ok: true } | Refusal
