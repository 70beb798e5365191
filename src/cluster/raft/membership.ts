import type { ConfChange, Membership, NodeId } from './types.js'

export const EMPTY_MEMBERSHIP: Membership = { voters: [], learners: [] }

export function membershipOf(voters: readonly NodeId[], learners: readonly NodeId[] = []): Membership {
  return { voters: [...new Set(voters)].sort(), learners: [...new Set(learners)].sort() }
}

export function isVoter(membership: Membership, id: NodeId): boolean {
  return membership.voters.includes(id)
}

export function isMember(membership: Membership, id: NodeId): boolean {
  return membership.voters.includes(id) || membership.learners.includes(id)
}

export function allMembers(membership: Membership): NodeId[] {
  return [...membership.voters, ...membership.learners]
}

/**
 * The membership after one single-server change, or a sentence saying why the change does not
 * apply. Single-server changes keep any majority of the old voters overlapping any majority of
 * the new ones (dissertation 4.1), which is why no joint consensus is needed.
 */
export function applyConfChange(membership: Membership, change: ConfChange): Membership | string {
  const { voters, learners } = membership
  const node = change.node
  if (node === '') return 'a membership change needs a node id'
  switch (change.kind) {
    case 'addVoter':
      if (isMember(membership, node)) return `${node} is already a member`
      return membershipOf([...voters, node], learners)
    case 'addLearner':
      if (isMember(membership, node)) return `${node} is already a member`
      return membershipOf(voters, [...learners, node])
    case 'promoteLearner':
      if (!learners.includes(node)) return `${node} is not a learner`
      return membershipOf([...voters, node], learners.filter((id) => id !== node))
    case 'remove': {
      if (!isMember(membership, node)) return `${node} is not a member`
      const remainingVoters = voters.filter((id) => id !== node)
      if (remainingVoters.length === 0) return `removing ${node} would leave no voter`
      return membershipOf(remainingVoters, learners.filter((id) => id !== node))
    }
  }
}

export function describeMembership(membership: Membership): string {
  const learners = membership.learners.length > 0 ? ` learners=${membership.learners.join(',')}` : ''
  return `voters=${membership.voters.join(',')}${learners}`
}

/**
 * Committed memberships by the index they took effect at, so a snapshot taken at an older
 * applied index records the membership in force there, not the newest one.
 */
export class MembershipHistory {
  private records: { index: number; membership: Membership }[]

  constructor(index: number, membership: Membership) {
    this.records = [{ index, membership }]
  }

  record(index: number, membership: Membership): void {
    this.records.push({ index, membership })
  }

  at(index: number): Membership {
    let found = this.records[0]!.membership
    for (const record of this.records) if (record.index <= index) found = record.membership
    return found
  }

  /** Drops what no future snapshot (at `index` or later) can need. */
  forgetBefore(index: number): void {
    const base = { index, membership: this.at(index) }
    this.records = [base, ...this.records.filter((record) => record.index > index)]
  }
}
