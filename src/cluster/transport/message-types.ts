/**
 * The message types of the cluster protocol: the one table of wire codes. Codes 1-12 are the
 * clustering guide's ("Wire Protocol", message table); nornic's own start at 13. A code, once
 * shipped, never changes meaning; docs/cluster-protocol.md lists exactly this table (a unit test
 * holds the two together).
 *
 * `response` names the type that answers a request of this type on the same connection; a type
 * without one is only ever sent one-way. An `Error` frame may answer any request.
 */
export interface MessageTypeSpec {
  readonly code: number
  readonly direction: string
  readonly description: string
  readonly response?: string
}

export const MESSAGE_TYPES = {
  VoteRequest: { code: 1, direction: 'Candidate → Follower', description: 'Request vote in election', response: 'VoteResponse' },
  VoteResponse: { code: 2, direction: 'Follower → Candidate', description: 'Grant/deny vote' },
  AppendEntries: { code: 3, direction: 'Leader → Follower', description: 'Replicate log entries (empty: heartbeat)', response: 'AppendEntriesResponse' },
  AppendEntriesResponse: { code: 4, direction: 'Follower → Leader', description: 'Acknowledge entries' },
  WALBatch: { code: 5, direction: 'Primary → Standby', description: 'Stream WAL entries (HA)', response: 'WALBatchResponse' },
  WALBatchResponse: { code: 6, direction: 'Standby → Primary', description: 'Acknowledge WAL' },
  Heartbeat: { code: 7, direction: 'Primary → Standby', description: 'Health check', response: 'HeartbeatResponse' },
  HeartbeatResponse: { code: 8, direction: 'Standby → Primary', description: 'Health status' },
  Fence: { code: 9, direction: 'Standby → Primary', description: 'Fence old primary', response: 'FenceResponse' },
  FenceResponse: { code: 10, direction: 'Primary → Standby', description: 'Acknowledge fence' },
  Promote: { code: 11, direction: 'Admin → Standby', description: 'Promote to primary', response: 'PromoteResponse' },
  PromoteResponse: { code: 12, direction: 'Standby → Admin', description: 'Promotion status' },
  PreVoteRequest: { code: 13, direction: 'Candidate → Follower', description: 'Ask whether a vote would be granted, without raising the term', response: 'PreVoteResponse' },
  PreVoteResponse: { code: 14, direction: 'Follower → Candidate', description: 'Would grant/deny the vote' },
  InstallSnapshot: { code: 15, direction: 'Leader → Follower', description: 'One chunk of a snapshot for a follower too far behind', response: 'InstallSnapshotResponse' },
  InstallSnapshotResponse: { code: 16, direction: 'Follower → Leader', description: 'Acknowledge a snapshot chunk' },
  TimeoutNow: { code: 17, direction: 'Leader → Follower', description: 'Start an election at once (leadership transfer)' },
  ForwardWrite: { code: 18, direction: 'Follower → Leader', description: 'A write a follower received, for the leader to propose', response: 'ForwardWriteResponse' },
  ForwardWriteResponse: { code: 19, direction: 'Leader → Follower', description: 'The result of applying the forwarded write' },
  ReadIndexRequest: { code: 20, direction: 'Follower → Leader', description: 'Ask for a commit index safe to read at (QUORUM reads)', response: 'ReadIndexResponse' },
  ReadIndexResponse: { code: 21, direction: 'Leader → Follower', description: 'The read index, confirmed by a majority' },
  AdminForward: { code: 22, direction: 'Node → Leader', description: 'An admin operation that only the leader can run', response: 'AdminForwardResponse' },
  AdminForwardResponse: { code: 23, direction: 'Leader → Node', description: 'The admin operation\'s result' },
  Error: { code: 24, direction: 'Any → Requester', description: 'Answers a request with a coded error instead of its response' },
} as const satisfies Record<string, MessageTypeSpec>

export type MessageTypeName = keyof typeof MESSAGE_TYPES

/** The types that expect an answer, and so can be sent with `request`. */
export type RequestTypeName = {
  [Name in MessageTypeName]: (typeof MESSAGE_TYPES)[Name] extends { readonly response: string } ? Name : never
}[MessageTypeName]

const NAME_BY_CODE: ReadonlyMap<number, MessageTypeName> = new Map(
  (Object.keys(MESSAGE_TYPES) as MessageTypeName[]).map((name) => [MESSAGE_TYPES[name].code, name]),
)

/** The name of a wire code, or undefined for a code this version does not know. */
export function messageTypeName(code: number): MessageTypeName | undefined {
  return NAME_BY_CODE.get(code)
}

export function messageTypeCode(name: MessageTypeName): number {
  return MESSAGE_TYPES[name].code
}

/** The type that answers `name`, or undefined when `name` is one-way only. */
export function responseTypeOf(name: MessageTypeName): MessageTypeName | undefined {
  const spec: MessageTypeSpec = MESSAGE_TYPES[name]
  return spec.response as MessageTypeName | undefined
}
