import type { NodeId } from './types.js'

/** The number of voters that make a majority. */
export function majoritySize(voterCount: number): number {
  return Math.floor(voterCount / 2) + 1
}

/**
 * The highest index that a majority of `voters` hold, given each voter's match index
 * (a voter missing from `matchOf` counts as 0). An empty voter set commits nothing.
 */
export function committedIndex(voters: readonly NodeId[], matchOf: (id: NodeId) => number): number {
  if (voters.length === 0) return 0
  const matches = voters.map(matchOf).sort((a, b) => b - a)
  return matches[majoritySize(voters.length) - 1] ?? 0
}

export type VoteOutcome = 'won' | 'lost' | 'pending'

/** Tallies granted and rejected votes of `voters`; votes from non-voters do not count. */
export function voteOutcome(voters: readonly NodeId[], votes: ReadonlyMap<NodeId, boolean>): VoteOutcome {
  let granted = 0
  let rejected = 0
  for (const id of voters) {
    const vote = votes.get(id)
    if (vote === true) granted++
    else if (vote === false) rejected++
  }
  const needed = majoritySize(voters.length)
  if (granted >= needed) return 'won'
  if (voters.length - rejected < needed) return 'lost'
  return 'pending'
}

/** Whether the members in `active` form a majority of `voters`. */
export function hasQuorum(voters: readonly NodeId[], active: (id: NodeId) => boolean): boolean {
  return voters.filter(active).length >= majoritySize(voters.length)
}
