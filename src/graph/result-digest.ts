import { createHash, type Hash } from 'node:crypto'
import type { QueryResult, QueryStats } from './command.js'
import { NodeValue, PathValue, RelationshipValue, type PropertyMap, type Value } from './values.js'

/**
 * A digest of one statement's result as a client was shown it: its columns, its rows in order, and
 * (once it was read to its end) its counts. Two results have the same digest only if a client could
 * not tell them apart, so a transaction that ran ahead can be checked, when its command is applied,
 * against what its client saw. Every value is written with a type tag and a length, floats by their
 * bits (so -0.0, 0.0 and NaN differ as they do to a client), map keys in sorted order. A result the
 * client stopped reading early covers only the rows it was given, and says how many: `<hash>/<rows>`.
 */
export class ResultDigest {
  readonly #hash = createHash('sha256')
  #rows = 0

  constructor(columns: readonly string[]) {
    writeList(this.#hash, columns)
  }

  add(row: readonly Value[]): void {
    writeList(this.#hash, row)
    this.#rows += 1
  }

  /** The digest of the whole result, given its counts. */
  complete(stats: QueryStats): string {
    this.#hash.update(`#${this.#rows};`)
    for (const [name, count] of Object.entries(stats)) this.#hash.update(`${name}=${count};`)
    return this.#hash.digest('base64url')
  }

  /** The digest of the rows added so far, of a result not read to its end. */
  partial(): string {
    this.#hash.update(`#${this.#rows};`)
    return `${this.#hash.digest('base64url')}/${this.#rows}`
  }
}

/** How many rows a digest covers when the client stopped reading early; undefined for a whole result. */
export function rowsShown(digest: string): number | undefined {
  const slash = digest.indexOf('/')
  return slash < 0 ? undefined : Number(digest.slice(slash + 1))
}

/**
 * Whether `result` is what a client shown a result with digest `expected` saw: the whole result,
 * or for a partial digest its first rows (`result` may hold just those).
 */
export function matchesDigest(result: QueryResult, expected: string): boolean {
  const digest = new ResultDigest(result.columns)
  const shown = rowsShown(expected)
  if (shown === undefined) {
    for (const row of result.rows) digest.add(row)
    return digest.complete(result.stats) === expected
  }
  if (!Number.isSafeInteger(shown) || shown > result.rows.length) return false
  for (const row of result.rows.slice(0, shown)) digest.add(row)
  return digest.partial() === expected
}

/** The digest of a whole result. */
export function resultDigest(result: QueryResult): string {
  const digest = new ResultDigest(result.columns)
  for (const row of result.rows) digest.add(row)
  return digest.complete(result.stats)
}

/** Appends a value's tagged form to `parts`. */
function encode(parts: string[], value: Value): void {
  if (value === null) parts.push('z')
  else if (typeof value === 'boolean') parts.push(value ? 't' : 'f')
  else if (typeof value === 'bigint') parts.push(`i${value};`)
  else if (typeof value === 'number') parts.push(`d${floatBits(value)};`)
  else if (typeof value === 'string') encodeString(parts, value)
  else if (Array.isArray(value)) encodeList(parts, value)
  else if (value instanceof NodeValue) {
    parts.push(`N${value.id};`)
    encodeString(parts, value.elementId)
    encodeList(parts, value.labels)
    encodeMap(parts, value.properties)
  } else if (value instanceof RelationshipValue) {
    parts.push(`R${value.id};${value.startId};${value.endId};`)
    encodeString(parts, value.elementId)
    encodeString(parts, value.type)
    encodeMap(parts, value.properties)
  } else if (value instanceof PathValue) {
    parts.push('P')
    encodeList(parts, value.nodes)
    encodeList(parts, value.relationships)
  } else encodeMap(parts, value as PropertyMap)
}

function encodeString(parts: string[], text: string): void {
  parts.push(`s${text.length}:`, text)
}

function encodeList(parts: string[], values: readonly Value[]): void {
  parts.push(`l${values.length}:`)
  for (const value of values) encode(parts, value)
}

function encodeMap(parts: string[], map: { readonly [key: string]: Value }): void {
  const keys = Object.keys(map).sort()
  parts.push(`m${keys.length}:`)
  for (const key of keys) {
    encodeString(parts, key)
    encode(parts, map[key]!)
  }
}

/** One native hash call per list (a row, the columns), not one per value. */
function writeList(hash: Hash, values: readonly Value[]): void {
  const parts: string[] = []
  encodeList(parts, values)
  hash.update(parts.join(''))
}

const floatView = new DataView(new ArrayBuffer(8))

function floatBits(value: number): string {
  floatView.setFloat64(0, value)
  return floatView.getBigUint64(0).toString(16)
}
