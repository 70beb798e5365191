import { appendChunked } from './chunking.js'
import { PackStreamError, PackStreamWriter, Structure, unpackOne, type PackMap, type PackValue } from './packstream.js'

/** Request messages by tag, as the Bolt spec numbers them. */
export const REQUEST_TAGS = {
  HELLO: 0x01,
  GOODBYE: 0x02,
  RESET: 0x0f,
  RUN: 0x10,
  BEGIN: 0x11,
  COMMIT: 0x12,
  ROLLBACK: 0x13,
  DISCARD: 0x2f,
  PULL: 0x3f,
  TELEMETRY: 0x54,
  ROUTE: 0x66,
  LOGON: 0x6a,
  LOGOFF: 0x6b,
} as const

export type RequestName = keyof typeof REQUEST_TAGS

const NAME_OF_TAG = new Map<number, RequestName>(Object.entries(REQUEST_TAGS).map(([name, tag]) => [tag, name as RequestName]))

const SUCCESS = 0x70
const RECORD = 0x71
const IGNORED = 0x7e
const FAILURE = 0x7f

export type Request =
  | { readonly name: 'HELLO' | 'LOGON' | 'BEGIN' | 'PULL' | 'DISCARD' | 'TELEMETRY'; readonly extra: PackMap }
  | { readonly name: 'GOODBYE' | 'RESET' | 'COMMIT' | 'ROLLBACK' | 'LOGOFF'; readonly extra: PackMap }
  | { readonly name: 'RUN'; readonly query: string; readonly parameters: PackMap; readonly extra: PackMap }
  | { readonly name: 'ROUTE'; readonly routing: PackMap; readonly bookmarks: readonly PackValue[]; readonly extra: PackMap }

function isMap(value: PackValue | undefined): value is PackMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Structure) && !(value instanceof Uint8Array)
}

function mapField(fields: readonly PackValue[], index: number, what: string): PackMap {
  const field = fields[index] ?? {}
  if (field === null) return {}
  if (!isMap(field)) throw new PackStreamError(`${what} is not a map`)
  return field
}

/**
 * Decodes one message's bytes into a request. Throws PackStreamError on malformed bytes or fields,
 * and UnknownMessageError for a well-formed structure whose tag is no request.
 */
export function decodeRequest(bytes: Buffer): Request {
  const message = unpackOne(bytes)
  if (!(message instanceof Structure)) throw new PackStreamError('a message is not a structure')
  const name = NAME_OF_TAG.get(message.tag)
  if (name === undefined) throw new UnknownMessageError(message.tag)
  const fields = message.fields
  switch (name) {
    case 'RUN': {
      const query = fields[0]
      if (typeof query !== 'string') throw new PackStreamError('RUN has no query text')
      return { name, query, parameters: mapField(fields, 1, 'RUN parameters'), extra: mapField(fields, 2, 'RUN extra') }
    }
    case 'ROUTE': {
      const bookmarks = fields[1] ?? []
      if (!Array.isArray(bookmarks)) throw new PackStreamError('ROUTE bookmarks are not a list')
      // Bolt 4.3 sent the database name as a string where 4.4 and later send a map.
      const third = fields[2] ?? null
      const extra = typeof third === 'string' ? { db: third } : mapField(fields, 2, 'ROUTE extra')
      return { name, routing: mapField(fields, 0, 'ROUTE routing context'), bookmarks, extra }
    }
    case 'TELEMETRY':
      return { name, extra: { api: fields[0] ?? null } }
    default:
      return { name, extra: mapField(fields, 0, `${name} extra`) }
  }
}

/** Whether a message's bytes are a RESET (a structure of no fields with RESET's tag), without decoding it. */
export function isResetMessage(bytes: Buffer): boolean {
  return bytes.length === 2 && bytes[0] === 0xb0 && bytes[1] === REQUEST_TAGS.RESET
}

export class UnknownMessageError extends Error {
  override readonly name = 'UnknownMessageError'
  constructor(readonly tag: number) {
    super(`unknown Bolt message tag 0x${tag.toString(16).padStart(2, '0')}`)
  }
}

/** Responses are written once this many bytes are waiting, so a long PULL does not sit in memory twice. */
export const FLUSH_BYTES = 256 * 1024

/** Collects response messages, chunked, for one write to the socket. */
export class ResponseBatch {
  readonly #writer = new PackStreamWriter()
  #out: Buffer[] = []
  #bytes = 0

  /**
   * `betweenSteps` runs between the steps of a long PULL: the connection writes what the batch holds
   * once it passes FLUSH_BYTES (waiting while the client reads slowly) and lets the socket's events
   * run, so a RESET that arrives meanwhile is seen. Without it (a session driven by tests) the batch
   * only grows until taken.
   */
  constructor(private readonly betweenSteps?: (batch: ResponseBatch) => Promise<void>) {}

  get byteLength(): number {
    return this.#bytes
  }

  /** A long PULL calls this after each step of rows. */
  async step(): Promise<void> {
    await this.betweenSteps?.(this)
  }

  success(metadata: PackMap): void {
    this.#message(SUCCESS, [metadata])
  }

  record(values: readonly PackValue[]): void {
    this.#message(RECORD, [values])
  }

  ignored(): void {
    this.#message(IGNORED, [])
  }

  failure(metadata: PackMap): void {
    this.#message(FAILURE, [metadata])
  }

  /** Hands out what was collected and starts a new batch. */
  take(): Buffer {
    const bytes = Buffer.concat(this.#out, this.#bytes)
    this.#out = []
    this.#bytes = 0
    return bytes
  }

  #message(tag: number, fields: readonly PackValue[]): void {
    this.#writer.reset()
    this.#writer.packStructureHeader(tag, fields.length, fields)
    const before = this.#out.length
    appendChunked(this.#out, this.#writer.bytes())
    for (let i = before; i < this.#out.length; i++) this.#bytes += this.#out[i]!.length
  }
}
