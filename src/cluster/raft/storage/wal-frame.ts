import { crc32 } from 'node:zlib'
import { RaftStorageCorruption } from './storage-corruption.js'

/*
 * A record on disk: its payload's length (u32 LE), the CRC32 of the payload (u32 LE), the payload
 * (UTF-8 JSON), then zeros up to a multiple of 8 bytes. The padding keeps every header inside one
 * 512-byte sector, so a crash mid-write leaves a header either whole or still zero. A zero length
 * marks the end of what was written: segments are preallocated with zeros.
 */

export const FRAME_HEADER_BYTES = 8
const ALIGN_BYTES = 8
/** Compared against a segment's tail in slices, to find whether anything was written there. */
const ZEROS = Buffer.alloc(64 * 1024)

/** The bytes a record of `payloadBytes` takes on disk, header and padding included. */
export function frameBytes(payloadBytes: number): number {
  return FRAME_HEADER_BYTES + Math.ceil(payloadBytes / ALIGN_BYTES) * ALIGN_BYTES
}

/** Frames `text` into one buffer, ready for a single write. */
export function encodeFrame(text: string): Buffer {
  const payloadBytes = Buffer.byteLength(text)
  const frame = Buffer.alloc(frameBytes(payloadBytes))
  frame.write(text, FRAME_HEADER_BYTES, 'utf8')
  frame.writeUInt32LE(payloadBytes, 0)
  frame.writeUInt32LE(crc32(frame.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + payloadBytes)), 4)
  return frame
}

export interface ScannedSegment {
  /** Each record's payload, in order. */
  readonly payloads: readonly string[]
  /** Where the next record goes: right after the last whole record. */
  readonly end: number
  /** A record cut short by a crash mid-write ([start, end) of the file), to be zeroed. */
  readonly torn?: { readonly start: number; readonly end: number }
}

/**
 * Reads the records of one segment. In the segment written last (`mayEndTorn`), a final record
 * whose length runs past the file or whose CRC does not match, with only zeros after it, was cut
 * short by a crash before it was acknowledged: the log ends before it. Anything else that is not a
 * whole record followed by zeros is RaftStorageCorruption.
 */
export function scanFrames(segment: Buffer, name: string, mayEndTorn: boolean): ScannedSegment {
  const payloads: string[] = []
  let at = 0
  while (at + FRAME_HEADER_BYTES <= segment.length) {
    const payloadBytes = segment.readUInt32LE(at)
    if (payloadBytes === 0) break
    const next = at + frameBytes(payloadBytes)
    const payloadEnd = at + FRAME_HEADER_BYTES + payloadBytes
    const whole = payloadEnd <= segment.length && crc32(segment.subarray(at + FRAME_HEADER_BYTES, payloadEnd)) === segment.readUInt32LE(at + 4)
    if (!whole) {
      if (mayEndTorn && isZero(segment, Math.min(next, segment.length))) {
        return { payloads, end: at, torn: { start: at, end: Math.min(next, segment.length) } }
      }
      throw new RaftStorageCorruption(`${name}: the record at byte ${at} is damaged and more of the log follows it`)
    }
    payloads.push(segment.toString('utf8', at + FRAME_HEADER_BYTES, payloadEnd))
    at = next
  }
  if (!isZero(segment, at)) throw new RaftStorageCorruption(`${name}: bytes after the end of the log at byte ${at}`)
  return { payloads, end: at }
}

/** Whether every byte of `buffer` from `from` on is zero. */
export function isZero(buffer: Buffer, from = 0): boolean {
  for (let at = from; at < buffer.length; at += ZEROS.length) {
    const slice = buffer.subarray(at, Math.min(at + ZEROS.length, buffer.length))
    if (!slice.equals(ZEROS.subarray(0, slice.length))) return false
  }
  return true
}
