/**
 * PackStream, the binary value format of Bolt: null, booleans, 64-bit integers, 64-bit floats,
 * UTF-8 strings, byte arrays, lists, maps with string keys, and tagged structures. Graph values
 * (nodes, relationships, paths) and Bolt messages are structures; their field layout lives in
 * graph-structures.ts and messages.ts, not here.
 *
 * Integers decode to bigint and floats to number, so a decoded value says which Cypher type it
 * is, as values.ts does for the graph. Malformed input throws PackStreamError; the caller closes
 * the connection it came from.
 */

export class PackStreamError extends Error {
  override readonly name = 'PackStreamError'
}

/** A structure as it travels: a one-byte tag and up to 15 fields. */
export class Structure {
  constructor(
    readonly tag: number,
    readonly fields: readonly PackValue[],
  ) {}
}

export type PackValue =
  | null
  | boolean
  | bigint
  | number
  | string
  | Uint8Array
  | readonly PackValue[]
  | PackMap
  | Structure

export interface PackMap {
  readonly [key: string]: PackValue
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
const STRUCTURE_FIELDS_MAX = 15

/** Appends packed values to a buffer that grows as needed. */
export class PackStreamWriter {
  #buffer = Buffer.allocUnsafe(1024)
  #length = 0

  get length(): number {
    return this.#length
  }

  /** The bytes written so far (a view, valid until the next write or reset). */
  bytes(): Buffer {
    return this.#buffer.subarray(0, this.#length)
  }

  reset(): void {
    this.#length = 0
  }

  pack(value: PackValue): void {
    if (value === null) return this.#byte(0xc0)
    switch (typeof value) {
      case 'boolean':
        return this.#byte(value ? 0xc3 : 0xc2)
      case 'bigint':
        return this.packInteger(value)
      case 'number':
        this.#reserve(9)
        this.#buffer[this.#length] = 0xc1
        this.#buffer.writeDoubleBE(value, this.#length + 1)
        this.#length += 9
        return
      case 'string':
        return this.#packString(value)
      default:
        break
    }
    if (value instanceof Structure) return this.packStructureHeader(value.tag, value.fields.length, value.fields)
    if (value instanceof Uint8Array) {
      this.#header(value.length, 0, [0xcc, 0xcd, 0xce], 'byte array', false)
      this.#bytes(value)
      return
    }
    if (Array.isArray(value)) {
      const list = value as readonly PackValue[]
      this.listHeader(list.length)
      for (const item of list) this.pack(item)
      return
    }
    const entries = Object.entries(value as PackMap)
    this.mapHeader(entries.length)
    for (const [key, item] of entries) {
      this.#packString(key)
      this.pack(item)
    }
  }

  packInteger(value: bigint): void {
    if (value < INT64_MIN || value > INT64_MAX) throw new PackStreamError(`integer ${value} does not fit in 64 bits`)
    if (value >= -16n && value <= 127n) return this.#byte(Number(value) & 0xff)
    if (value >= -128n && value <= 127n) {
      this.#reserve(2)
      this.#buffer[this.#length] = 0xc8
      this.#buffer.writeInt8(Number(value), this.#length + 1)
      this.#length += 2
    } else if (value >= -32768n && value <= 32767n) {
      this.#reserve(3)
      this.#buffer[this.#length] = 0xc9
      this.#buffer.writeInt16BE(Number(value), this.#length + 1)
      this.#length += 3
    } else if (value >= -2147483648n && value <= 2147483647n) {
      this.#reserve(5)
      this.#buffer[this.#length] = 0xca
      this.#buffer.writeInt32BE(Number(value), this.#length + 1)
      this.#length += 5
    } else {
      this.#reserve(9)
      this.#buffer[this.#length] = 0xcb
      this.#buffer.writeBigInt64BE(value, this.#length + 1)
      this.#length += 9
    }
  }

  listHeader(size: number): void {
    this.#header(size, 0x90, [0xd4, 0xd5, 0xd6], 'list', true)
  }

  mapHeader(size: number): void {
    this.#header(size, 0xa0, [0xd8, 0xd9, 0xda], 'map', true)
  }

  /** Writes a structure's header, then its fields. */
  packStructureHeader(tag: number, size: number, fields: readonly PackValue[]): void {
    if (size > STRUCTURE_FIELDS_MAX) throw new PackStreamError(`a structure has at most ${STRUCTURE_FIELDS_MAX} fields, not ${size}`)
    this.#reserve(2)
    this.#buffer[this.#length] = 0xb0 + size
    this.#buffer[this.#length + 1] = tag
    this.#length += 2
    for (const field of fields) this.pack(field)
  }

  #packString(value: string): void {
    const size = Buffer.byteLength(value, 'utf8')
    this.#header(size, 0x80, [0xd0, 0xd1, 0xd2], 'string', true)
    this.#reserve(size)
    this.#buffer.write(value, this.#length, size, 'utf8')
    this.#length += size
  }

  /** Tiny marker (size < 16) when `tiny` is set, else an 8, 16 or 32-bit size after its marker. */
  #header(size: number, tinyMarker: number, markers: readonly [number, number, number], what: string, tiny: boolean): void {
    this.#reserve(5)
    const at = this.#length
    if (tiny && size < 16) {
      this.#buffer[at] = tinyMarker + size
      this.#length += 1
    } else if (size <= 0xff) {
      this.#buffer[at] = markers[0]
      this.#buffer[at + 1] = size
      this.#length += 2
    } else if (size <= 0xffff) {
      this.#buffer[at] = markers[1]
      this.#buffer.writeUInt16BE(size, at + 1)
      this.#length += 3
    } else if (size <= 0x7fffffff) {
      this.#buffer[at] = markers[2]
      this.#buffer.writeUInt32BE(size, at + 1)
      this.#length += 5
    } else {
      throw new PackStreamError(`a ${what} of ${size} entries is too large to pack`)
    }
  }

  #byte(value: number): void {
    this.#reserve(1)
    this.#buffer[this.#length] = value
    this.#length += 1
  }

  #bytes(value: Uint8Array): void {
    this.#reserve(value.length)
    this.#buffer.set(value, this.#length)
    this.#length += value.length
  }

  #reserve(extra: number): void {
    if (this.#length + extra <= this.#buffer.length) return
    const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#length + extra))
    this.#buffer.copy(grown, 0, 0, this.#length)
    this.#buffer = grown
  }
}

/**
 * Reads packed values from one message's bytes. Lengths are checked against what is left, so a
 * lying length fails here instead of allocating.
 */
export class PackStreamReader {
  #offset = 0

  constructor(private readonly buffer: Buffer) {}

  get remaining(): number {
    return this.buffer.length - this.#offset
  }

  unpack(depth = 0): PackValue {
    if (depth > 64) throw new PackStreamError('values nest more than 64 levels deep')
    const marker = this.#uint(1)
    const high = marker & 0xf0
    const low = marker & 0x0f
    if (marker <= 0x7f) return BigInt(marker)
    if (marker >= 0xf0) return BigInt(marker - 0x100)
    if (high === 0x80) return this.#string(low)
    if (high === 0x90) return this.#list(low, depth)
    if (high === 0xa0) return this.#map(low, depth)
    if (high === 0xb0) return this.#structure(low, depth)
    switch (marker) {
      case 0xc0: return null
      case 0xc1: return this.#take(8).readDoubleBE(0)
      case 0xc2: return false
      case 0xc3: return true
      case 0xc8: return BigInt(this.#take(1).readInt8(0))
      case 0xc9: return BigInt(this.#take(2).readInt16BE(0))
      case 0xca: return BigInt(this.#take(4).readInt32BE(0))
      case 0xcb: return this.#take(8).readBigInt64BE(0)
      case 0xcc: return new Uint8Array(this.#take(this.#uint(1)))
      case 0xcd: return new Uint8Array(this.#take(this.#uint(2)))
      case 0xce: return new Uint8Array(this.#take(this.#uint(4)))
      case 0xd0: return this.#string(this.#uint(1))
      case 0xd1: return this.#string(this.#uint(2))
      case 0xd2: return this.#string(this.#uint(4))
      case 0xd4: return this.#list(this.#uint(1), depth)
      case 0xd5: return this.#list(this.#uint(2), depth)
      case 0xd6: return this.#list(this.#uint(4), depth)
      case 0xd8: return this.#map(this.#uint(1), depth)
      case 0xd9: return this.#map(this.#uint(2), depth)
      case 0xda: return this.#map(this.#uint(4), depth)
      default:
        throw new PackStreamError(`unknown PackStream marker 0x${marker.toString(16).padStart(2, '0')}`)
    }
  }

  #string(size: number): string {
    return this.#take(size).toString('utf8')
  }

  #list(size: number, depth: number): PackValue[] {
    // Every entry takes at least one byte, so a size beyond what is left is a lie.
    if (size > this.remaining) throw new PackStreamError(`a list of ${size} entries does not fit in the ${this.remaining} bytes left`)
    const list: PackValue[] = []
    for (let i = 0; i < size; i++) list.push(this.unpack(depth + 1))
    return list
  }

  #map(size: number, depth: number): PackMap {
    if (size * 2 > this.remaining) throw new PackStreamError(`a map of ${size} entries does not fit in the ${this.remaining} bytes left`)
    const map: Record<string, PackValue> = {}
    for (let i = 0; i < size; i++) {
      const key = this.unpack(depth + 1)
      if (typeof key !== 'string') throw new PackStreamError('a map key is not a string')
      // A key named __proto__ must become a property, not replace the map's prototype.
      Object.defineProperty(map, key, { value: this.unpack(depth + 1), enumerable: true, writable: true, configurable: true })
    }
    return map
  }

  #structure(size: number, depth: number): Structure {
    const tag = this.#uint(1)
    const fields: PackValue[] = []
    for (let i = 0; i < size; i++) fields.push(this.unpack(depth + 1))
    return new Structure(tag, fields)
  }

  #uint(bytes: 1 | 2 | 4): number {
    const slice = this.#take(bytes)
    return bytes === 1 ? slice[0]! : bytes === 2 ? slice.readUInt16BE(0) : slice.readUInt32BE(0)
  }

  #take(size: number): Buffer {
    if (size > this.remaining) throw new PackStreamError(`needs ${size} bytes, but the message has ${this.remaining} left`)
    const slice = this.buffer.subarray(this.#offset, this.#offset + size)
    this.#offset += size
    return slice
  }
}

/** Unpacks exactly one value from `bytes`; trailing bytes are malformed input. */
export function unpackOne(bytes: Buffer): PackValue {
  const reader = new PackStreamReader(bytes)
  const value = reader.unpack()
  if (reader.remaining !== 0) throw new PackStreamError(`${reader.remaining} bytes follow the message`)
  return value
}
