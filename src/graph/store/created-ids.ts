import { NornicError } from '../../errors/index.js'
import type { CreatedId } from '../command.js'

/**
 * Where a write takes the ids of what it creates, when not from the store's counters: a
 * transaction running ahead takes them from blocks its node set aside; applying that transaction's
 * command takes the very ids it handed out (see ExpectedRun).
 */
export interface IdSource {
  node(): CreatedId | Promise<CreatedId>
  relationship(): CreatedId | Promise<CreatedId>
}

/** The ids a transaction handed out when it ran ahead, handed out again in the same order. */
export class ExpectedIds implements IdSource {
  #nodes = 0
  #relationships = 0

  constructor(
    private readonly nodeIds: readonly CreatedId[],
    private readonly relationshipIds: readonly CreatedId[],
  ) {}

  node(): CreatedId {
    return this.#next(this.nodeIds, this.#nodes++, 'node')
  }

  relationship(): CreatedId {
    return this.#next(this.relationshipIds, this.#relationships++, 'relationship')
  }

  /** Whether every id was taken: a transaction that now creates fewer things did not run as it did ahead. */
  get allTaken(): boolean {
    return this.#nodes === this.nodeIds.length && this.#relationships === this.relationshipIds.length
  }

  #next(ids: readonly CreatedId[], position: number, kind: string): CreatedId {
    const id = ids[position]
    if (id === undefined) throw outdated(`it now creates more than the ${ids.length} ${kind}(s) it created then`)
    return id
  }
}

/**
 * The error of a transaction whose statements, applied, did not give what they gave when it ran
 * ahead: a write committed meanwhile changed what it read. Nothing of it was applied; drivers retry
 * a transaction function on a transient error.
 */
export function outdated(why: string): NornicError {
  return new NornicError(
    'Neo.TransientError.Transaction.Outdated',
    `the transaction was not committed: applied in its turn it did not do what it did when it ran (${why}); another write changed what it read. Nothing of it was applied; retry the transaction`,
  )
}
