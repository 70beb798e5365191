import { compareKeys } from './keys.js'

const CHUNK_SIZE_MAX = 512

/**
 * A sorted set of keys in level's order, kept as a list of small sorted chunks so that an
 * insert moves at most one chunk (a write that creates 100k nodes inserts 300k+ keys, many in the
 * middle). Lookups find the first key after a given one, which lets an iteration survive inserts
 * made while it runs.
 */
export class SortedKeys {
  private readonly chunks: string[][] = []

  /** Adds `key`; adding a key already present changes nothing. */
  add(key: string): void {
    if (this.chunks.length === 0) {
      this.chunks.push([key])
      return
    }
    const chunkIndex = this.chunkFor(key)
    const chunk = this.chunks[chunkIndex] as string[]
    const position = lowerBound(chunk, key)
    if (position < chunk.length && chunk[position] === key) return
    chunk.splice(position, 0, key)
    if (chunk.length > CHUNK_SIZE_MAX) this.chunks.splice(chunkIndex + 1, 0, chunk.splice(CHUNK_SIZE_MAX / 2))
  }

  /** The smallest key that is >= `from` (or > `from` when `exclusive`), if any. */
  firstFrom(from: string, exclusive: boolean): string | undefined {
    if (this.chunks.length === 0) return undefined
    for (let chunkIndex = this.chunkFor(from); chunkIndex < this.chunks.length; chunkIndex++) {
      const chunk = this.chunks[chunkIndex] as string[]
      let position = lowerBound(chunk, from)
      if (exclusive && chunk[position] === from) position++
      if (position < chunk.length) return chunk[position]
    }
    return undefined
  }

  /** The first chunk whose last key is >= key (or the last chunk). */
  private chunkFor(key: string): number {
    let low = 0
    let high = this.chunks.length - 1
    while (low < high) {
      const middle = (low + high) >>> 1
      const chunk = this.chunks[middle] as string[]
      if (compareKeys(chunk[chunk.length - 1] as string, key) < 0) low = middle + 1
      else high = middle
    }
    return low
  }
}

function lowerBound(sorted: readonly string[], key: string): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (compareKeys(sorted[middle] as string, key) < 0) low = middle + 1
    else high = middle
  }
  return low
}
