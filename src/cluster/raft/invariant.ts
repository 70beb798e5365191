/**
 * A broken invariant is a bug, never weather: stop at once rather than act on a corrupt state
 * (a commit index going backwards, a committed entry being overwritten).
 */
export class RaftInvariantError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RaftInvariantError'
  }
}

export function invariant(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new RaftInvariantError(message())
}
