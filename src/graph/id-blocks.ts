import { emptyStats, type CreatedId, type IdReservation, type QueryResult } from './command.js'
import type { IdSource } from './store/created-ids.js'

/** The one row of a reservation command's result, as the command applied it. */
export interface ReservedIds {
  readonly firstNodeId: number
  readonly firstRelationshipId: number
  /** The reservation command's index: element ids in the blocks are `<index>:<n>`, which no other command makes. */
  readonly index: number
}

const RESERVATION_COLUMNS = ['firstNodeId', 'firstRelationshipId', 'index'] as const

export function reservationResult(reserved: ReservedIds): QueryResult {
  return {
    columns: [...RESERVATION_COLUMNS],
    rows: [[BigInt(reserved.firstNodeId), BigInt(reserved.firstRelationshipId), BigInt(reserved.index)]],
    stats: emptyStats(),
  }
}

function reservedIdsOf(results: readonly QueryResult[]): ReservedIds {
  const row = results[0]?.rows[0]
  const [firstNodeId, firstRelationshipId, index] = (row ?? []).map((value) => (typeof value === 'bigint' ? Number(value) : Number.NaN))
  if (![firstNodeId, firstRelationshipId, index].every((value) => Number.isSafeInteger(value))) {
    throw new Error(`a reservation answered ${JSON.stringify(results[0]?.columns)} instead of ${RESERVATION_COLUMNS.join(', ')}`)
  }
  return { firstNodeId: firstNodeId!, firstRelationshipId: firstRelationshipId!, index: index! }
}

interface Block {
  next: number
  readonly first: number
  readonly end: number
  readonly index: number
  /** The element id number of the block's first id. */
  readonly firstElement: number
}

/** Refills a block at most this many times for one id before giving up (others may empty each new block first). */
const REFILL_ATTEMPTS_MAX = 10

/**
 * Ids for transactions that run ahead on this node: blocks set aside by a replicated reservation
 * (so no other node and no auto-commit write ever gets them), handed out one at a time. One
 * reservation runs at a time; every transaction waiting for ids shares it.
 */
export class IdBlocks implements IdSource {
  #nodes: Block | undefined
  #relationships: Block | undefined
  #reserving: Promise<void> | undefined

  /** `reserve` replicates a reservation command and resolves with its result. */
  constructor(
    private readonly reserve: (reservation: IdReservation) => Promise<readonly QueryResult[]>,
    private readonly blockSize = 1000,
  ) {}

  node(): Promise<CreatedId> {
    return this.#take(() => this.#nodes)
  }

  relationship(): Promise<CreatedId> {
    return this.#take(() => this.#relationships)
  }

  async #take(block: () => Block | undefined): Promise<CreatedId> {
    for (let attempt = 0; attempt <= REFILL_ATTEMPTS_MAX; attempt++) {
      const current = block()
      if (current !== undefined && current.next < current.end) {
        const id = current.next++
        return [id, `${current.index}:${current.firstElement + id - current.first}`]
      }
      if (attempt < REFILL_ATTEMPTS_MAX) await this.#refill()
    }
    throw new Error(`no id block lasted long enough to take an id from, after ${REFILL_ATTEMPTS_MAX} reservations`)
  }

  #refill(): Promise<void> {
    this.#reserving ??= this.reserve({ nodes: this.blockSize, relationships: this.blockSize })
      .then((results) => {
        const reserved = reservedIdsOf(results)
        this.#nodes = block(reserved.firstNodeId, this.blockSize, reserved.index, 0)
        this.#relationships = block(reserved.firstRelationshipId, this.blockSize, reserved.index, this.blockSize)
      })
      .finally(() => {
        this.#reserving = undefined
      })
    return this.#reserving
  }
}

function block(first: number, size: number, index: number, firstElement: number): Block {
  return { next: first, first, end: first + size, index, firstElement }
}
