import type { ClusterView, MemberView } from './cluster-view.js'

/** What a membership change or transfer would do, and whether it is safe now. */
export interface ChangePlan {
  readonly action: string
  readonly safe: boolean
  /** Why it is unsafe or a no-op; empty when safe. */
  readonly reasons: readonly string[]
  /** Nothing to do: the cluster already looks as asked. */
  readonly alreadyDone: boolean
  readonly votersBefore: number
  readonly votersAfter: number
  /** Voters that must be up for the cluster to take writes after the change. */
  readonly quorumAfter: number
  readonly healthyVotersAfter: number
}

const isVoter = (member: MemberView): boolean => member.voter !== false
const majority = (voters: number): number => Math.floor(voters / 2) + 1

function plan(view: ClusterView, action: string, members: readonly MemberView[], reasons: string[], alreadyDone = false): ChangePlan {
  const votersBefore = view.members.filter(isVoter).length
  const votersAfter = members.filter(isVoter).length
  const healthyVotersAfter = members.filter((member) => isVoter(member) && member.healthy).length
  const quorumAfter = majority(votersAfter)
  if (!alreadyDone && healthyVotersAfter < quorumAfter) {
    reasons.push(`after it, ${healthyVotersAfter} healthy voter(s) of ${votersAfter} could not form a quorum of ${quorumAfter}`)
  }
  if (view.leader === null) reasons.push('there is no leader to make the change')
  return { action, safe: reasons.length === 0, reasons, alreadyDone, votersBefore, votersAfter, quorumAfter, healthyVotersAfter }
}

export function planAdd(view: ClusterView, nodeId: string, address: string, voter: boolean): ChangePlan {
  const action = `add ${nodeId} at ${address} as a ${voter ? 'voter (after it catches up as a non-voter)' : 'non-voter'}`
  const existing = view.members.find((member) => member.id === nodeId)
  if (existing !== undefined) return plan(view, action, view.members, [], true)
  // The new node counts as unhealthy until it has caught up: the quorum must hold without it.
  const added: MemberView = { id: nodeId, address, role: null, healthy: false, voter, commitIndex: null, appliedIndex: null, matchIndex: null, lagEntries: null, lastContactMs: null }
  return plan(view, action, [...view.members, added], [])
}

export function planRemove(view: ClusterView, nodeId: string): ChangePlan {
  const action = `remove ${nodeId}`
  if (!view.members.some((member) => member.id === nodeId)) return plan(view, action, view.members, [], true)
  return plan(view, action, view.members.filter((member) => member.id !== nodeId), [])
}

/** The voter a transfer without --to picks: healthy, not the leader, least behind. */
export function transferCandidate(view: ClusterView): MemberView | undefined {
  return view.members
    .filter((member) => isVoter(member) && member.healthy && member.id !== view.leader?.id)
    .sort((a, b) => (a.lagEntries ?? Number.MAX_SAFE_INTEGER) - (b.lagEntries ?? Number.MAX_SAFE_INTEGER) || a.id.localeCompare(b.id))[0]
}

export function planTransfer(view: ClusterView, target: string | undefined): ChangePlan & { readonly target: string | null } {
  const candidate = target === undefined ? transferCandidate(view) : view.members.find((member) => member.id === target)
  const reasons: string[] = []
  if (candidate === undefined) reasons.push(target === undefined ? 'no healthy voter besides the leader can take over' : `${target} is not a member`)
  else if (candidate.id === view.leader?.id) return { ...plan(view, `transfer leadership to ${candidate.id}`, view.members, [], true), target: candidate.id }
  else {
    if (!isVoter(candidate)) reasons.push(`${candidate.id} is a non-voter and cannot lead`)
    if (!candidate.healthy) reasons.push(`${candidate.id} is not healthy`)
  }
  const lag = candidate?.lagEntries
  const action = `transfer leadership from ${view.leader?.id ?? 'nobody'} to ${candidate?.id ?? target ?? 'another voter'}${lag === null || lag === undefined ? '' : ` (${lag} entries behind)`}`
  return { ...plan(view, action, view.members, reasons), target: candidate?.id ?? null }
}
