import { FRAME_HEADER_BYTES } from './frame-codec.js'

export interface DecodeResult {
  /** The payloads completed by this chunk, in order. */
  readonly payloads: Buffer[]
  /** Set when a frame announced a payload over the limit; the decoder then takes no more input. */
  readonly oversizedBytes?: number
}

/**
 * Cuts a TCP byte stream into frame payloads. A frame may arrive split over many chunks and one
 * chunk may carry many frames. Chunks are kept in a list and joined once per frame, so a large
 * frame arriving in small chunks costs one copy, not one per chunk. An oversized frame is refused
 * as soon as its header arrives, before any of its payload is buffered.
 */
export class FrameDecoder {
  readonly #maxFrameBytes: number
  #chunks: Buffer[] = []
  #bufferedBytes = 0
  /** The payload length of the frame being read, once its header has arrived. */
  #payloadBytes: number | undefined
  #stopped = false

  constructor(maxFrameBytes: number) {
    if (!Number.isSafeInteger(maxFrameBytes) || maxFrameBytes < 1 || maxFrameBytes > 0xffff_ffff) {
      throw new RangeError(`maxFrameBytes must be an integer from 1 to ${0xffff_ffff}, got ${maxFrameBytes}`)
    }
    this.#maxFrameBytes = maxFrameBytes
  }

  /** Bytes received but not yet handed out as a payload. */
  get bufferedBytes(): number {
    return this.#bufferedBytes
  }

  push(chunk: Buffer): DecodeResult {
    const payloads: Buffer[] = []
    if (this.#stopped) return { payloads }
    if (chunk.length > 0) {
      this.#chunks.push(chunk)
      this.#bufferedBytes += chunk.length
    }
    for (;;) {
      if (this.#payloadBytes === undefined) {
        if (this.#bufferedBytes < FRAME_HEADER_BYTES) break
        const announced = this.#take(FRAME_HEADER_BYTES).readUInt32BE(0)
        if (announced > this.#maxFrameBytes) {
          this.#stopped = true
          this.#chunks = []
          this.#bufferedBytes = 0
          return { payloads, oversizedBytes: announced }
        }
        this.#payloadBytes = announced
      }
      if (this.#bufferedBytes < this.#payloadBytes) break
      payloads.push(this.#take(this.#payloadBytes))
      this.#payloadBytes = undefined
    }
    return { payloads }
  }

  /** Removes the first `bytes` buffered bytes; the caller has checked that many are buffered. */
  #take(bytes: number): Buffer {
    const first = this.#chunks[0]
    if (first !== undefined && first.length >= bytes) {
      if (first.length === bytes) this.#chunks.shift()
      else this.#chunks[0] = first.subarray(bytes)
      this.#bufferedBytes -= bytes
      return first.subarray(0, bytes)
    }
    const taken = Buffer.allocUnsafe(bytes)
    let filled = 0
    while (filled < bytes) {
      const chunk = this.#chunks[0] as Buffer
      const used = Math.min(chunk.length, bytes - filled)
      chunk.copy(taken, filled, 0, used)
      filled += used
      if (used === chunk.length) this.#chunks.shift()
      else this.#chunks[0] = chunk.subarray(used)
    }
    this.#bufferedBytes -= bytes
    return taken
  }
}
