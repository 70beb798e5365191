/**
 * `nornic cluster status` as data: what /admin/cluster/status answers, in one shape for every mode.
 * Fields a mode does not have are null.
 */
export interface MemberView {
  readonly id: string
  readonly address: string | null
  readonly role: string | null
  readonly healthy: boolean
  readonly voter: boolean | null
  readonly commitIndex: number | null
  readonly appliedIndex: number | null
  /** The highest log index the leader knows this member holds (raft, from the leader's view). */
  readonly matchIndex: number | null
  readonly lagEntries: number | null
  readonly lastContactMs: number | null
}

export interface ClusterView {
  readonly clusterId: string | null
  readonly mode: string
  /** The node that takes writes: the raft leader or the hot standby primary. */
  readonly leader: { readonly id: string; readonly address: string | null } | null
  readonly term: number | null
  readonly epoch: number | null
  readonly members: readonly MemberView[]
  /** A writer is known and every member is healthy. */
  readonly healthy: boolean
  /** The node that answered. */
  readonly answeredBy: string
}

type Json = Record<string, unknown>

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null)
const count = (value: unknown): number | null => (typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : null)
const flag = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null)

function memberView(member: Json, self: Json): MemberView {
  const isSelf = member.id === self.node_id
  const lag = (member.lag as Json | undefined) ?? (isSelf ? (self.lag as Json | undefined) : undefined)
  return {
    id: String(member.id),
    address: text(member.address),
    role: text(member.state) ?? text(member.role) ?? (isSelf ? text(self.role) : null),
    healthy: member.healthy === true,
    voter: flag(member.voter),
    commitIndex: count(member.commit_index) ?? (isSelf ? count(self.commit_index) : null),
    appliedIndex: count(member.applied_index) ?? (isSelf ? count(self.applied_index) : null),
    matchIndex: count(member.match_index),
    lagEntries: count(member.lag_entries) ?? count(lag?.entries),
    lastContactMs: count(member.last_contact_ms),
  }
}

export function clusterView(body: Json, answeredBy: string): ClusterView {
  const leaderBody = body.leader as Json | null | undefined
  const members = Array.isArray(body.members) ? (body.members as Json[]).map((member) => memberView(member, body)) : []
  const leader = leaderBody && typeof leaderBody.id === 'string'
    ? { id: leaderBody.id, address: text(leaderBody.address) ?? text(leaderBody.http_url) }
    : null
  return {
    clusterId: text(body.cluster_id),
    mode: text(body.mode) ?? 'unknown',
    leader,
    term: count(body.term),
    epoch: count(body.epoch),
    members,
    healthy: leader !== null && members.every((member) => member.healthy),
    answeredBy,
  }
}
