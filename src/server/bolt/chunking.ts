/**
 * Bolt message framing: a message travels as chunks, each a 2-byte big-endian size and that many
 * bytes, and ends with an empty chunk (0x0000). An empty chunk with no message in progress is a
 * keep-alive (NOOP) and carries nothing.
 */

export const CHUNK_SIZE_MAX = 0xffff

export class ChunkingError extends Error {
  override readonly name = 'ChunkingError'
}

/** Collects chunks from a byte stream and hands out whole messages. */
export class MessageDechunker {
  #pending: Buffer = Buffer.alloc(0)
  #parts: Buffer[] = []
  #messageBytes = 0

  /** `messageBytesMax` bounds one message, so a peer cannot make the node buffer without end. */
  constructor(private readonly messageBytesMax: number) {}

  /** Feeds bytes as they arrive; returns the messages they complete, in order. Throws ChunkingError. */
  push(bytes: Buffer): Buffer[] {
    let data = this.#pending.length === 0 ? bytes : Buffer.concat([this.#pending, bytes])
    const messages: Buffer[] = []
    while (data.length >= 2) {
      const size = data.readUInt16BE(0)
      if (size === 0) {
        data = data.subarray(2)
        if (this.#parts.length > 0) {
          messages.push(this.#parts.length === 1 ? this.#parts[0]! : Buffer.concat(this.#parts))
          this.#parts = []
          this.#messageBytes = 0
        }
        continue
      }
      if (data.length < 2 + size) break
      this.#messageBytes += size
      if (this.#messageBytes > this.messageBytesMax) {
        throw new ChunkingError(`a message is larger than the limit of ${this.messageBytesMax} bytes`)
      }
      // Copy: the socket may reuse the buffer it handed us.
      this.#parts.push(Buffer.from(data.subarray(2, 2 + size)))
      data = data.subarray(2 + size)
    }
    this.#pending = Buffer.from(data)
    return messages
  }
}

/** Frames one message's bytes as chunks followed by the end marker, into `out`. */
export function appendChunked(out: Buffer[], message: Buffer): void {
  for (let offset = 0; offset < message.length; offset += CHUNK_SIZE_MAX) {
    const part = message.subarray(offset, Math.min(message.length, offset + CHUNK_SIZE_MAX))
    const header = Buffer.allocUnsafe(2)
    header.writeUInt16BE(part.length, 0)
    out.push(header, Buffer.from(part))
  }
  out.push(Buffer.from([0, 0]))
}
