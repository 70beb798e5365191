import type { MessageBody } from '../../transport/frame-codec.js'
import type { MessageTypeName } from '../../transport/message-types.js'
import type { Message, MessageType } from '../types.js'
import type { SnapshotChunk } from './raft-transport.js'

/**
 * Where each core message rides in the wire table (docs/cluster-protocol.md). Heartbeats are
 * AppendEntries without entries, as the clustering guide describes them; a core `snapshot`
 * message never goes on the wire itself: the driver streams the snapshot as InstallSnapshot chunks.
 */
const WIRE_TYPE_OF = {
  vote: 'VoteRequest',
  voteResponse: 'VoteResponse',
  preVote: 'PreVoteRequest',
  preVoteResponse: 'PreVoteResponse',
  append: 'AppendEntries',
  heartbeat: 'AppendEntries',
  appendResponse: 'AppendEntriesResponse',
  heartbeatResponse: 'AppendEntriesResponse',
  timeoutNow: 'TimeoutNow',
  readIndex: 'ReadIndexRequest',
  readIndexResponse: 'ReadIndexResponse',
} as const satisfies Record<Exclude<MessageType, 'snapshot'>, MessageTypeName>

export type RaftWireType = (typeof WIRE_TYPE_OF)[keyof typeof WIRE_TYPE_OF]

/** The numeric fields each kind of message must carry, checked on arrival. */
const NUMBER_FIELDS: Record<keyof typeof WIRE_TYPE_OF, readonly string[]> = {
  vote: ['lastIndex', 'lastTerm'],
  preVote: ['lastIndex', 'lastTerm'],
  voteResponse: [],
  preVoteResponse: [],
  append: ['prevIndex', 'prevTerm', 'commit'],
  heartbeat: ['commit'],
  appendResponse: ['index', 'conflictIndex', 'conflictTerm'],
  heartbeatResponse: [],
  timeoutNow: [],
  readIndex: [],
  readIndexResponse: ['index'],
}

const RAFT_WIRE_TYPES: ReadonlySet<MessageTypeName> = new Set(Object.values(WIRE_TYPE_OF))

/** Whether frames of this type carry Raft messages (InstallSnapshot aside). */
export function isRaftWireType(type: MessageTypeName): type is RaftWireType {
  return RAFT_WIRE_TYPES.has(type)
}

export function wireTypeOf(message: Message): RaftWireType {
  if (message.type === 'snapshot') throw new Error('a snapshot message is streamed as InstallSnapshot chunks, not sent')
  return WIRE_TYPE_OF[message.type]
}

/** The frame body of a Raft message: the message itself, under `raft`. */
export function encodeRaftBody(message: Message): MessageBody {
  return { raft: message }
}

/**
 * Reads a Raft message out of a frame of type `type` from node `from`. Returns a sentence saying
 * what is wrong instead when the body is not a message of that type from that node.
 */
export function decodeRaftBody(type: MessageTypeName, from: string, body: MessageBody): Message | string {
  const raft = body.raft
  if (typeof raft !== 'object' || raft === null || Array.isArray(raft)) return `${type} body has no raft message`
  const message = raft as Record<string, unknown>
  const kind = message.type
  if (typeof kind !== 'string' || !Object.hasOwn(WIRE_TYPE_OF, kind)) return `${type} carries an unknown raft message type`
  const known = kind as keyof typeof WIRE_TYPE_OF
  if (WIRE_TYPE_OF[known] !== type) return `a ${kind} message cannot ride in ${type}`
  if (message.from !== from) return `${type} from ${from} claims to be from ${String(message.from)}`
  if (typeof message.to !== 'string' || !isCount(message.term)) return `${type} has no recipient or term`
  for (const field of NUMBER_FIELDS[known]) {
    if (!isCount(message[field])) return `${kind} has no ${field}`
  }
  if (known === 'append' && !Array.isArray(message.entries)) return 'append has no entries'
  return message as unknown as Message
}

export function encodeChunkBody(chunk: SnapshotChunk): MessageBody {
  return { chunk }
}

export function decodeChunkBody(from: string, body: MessageBody): SnapshotChunk | string {
  const chunk = body.chunk as Record<string, unknown> | undefined
  if (typeof chunk !== 'object' || chunk === null) return 'InstallSnapshot body has no chunk'
  if (chunk.from !== from) return `InstallSnapshot from ${from} claims to be from ${String(chunk.from)}`
  const snapshot = chunk.snapshot as Record<string, unknown> | undefined
  const ok =
    typeof chunk.to === 'string' &&
    isCount(chunk.term) &&
    isCount(chunk.seq) &&
    typeof chunk.done === 'boolean' &&
    Array.isArray(chunk.records) &&
    chunk.records.every((record) => typeof record === 'string') &&
    typeof snapshot === 'object' && snapshot !== null &&
    isCount(snapshot.index) && isCount(snapshot.term) && typeof snapshot.membership === 'object'
  return ok ? (chunk as unknown as SnapshotChunk) : 'InstallSnapshot chunk is not well formed'
}

function isCount(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0
}
