import { closeSync, fdatasync, openSync, writeSync } from 'node:fs'
import { mkdir, open, readFile, unlink } from 'node:fs/promises'
import { basename } from 'node:path'
import { promisify } from 'node:util'
import { RaftInvariantError } from '../invariant.js'
import type { SnapshotMeta } from '../types.js'
import { LogShape } from './log-shape.js'
import type { RaftStorage, RaftStorageUpdate, StoredRaftState } from './raft-storage.js'
import { checkCompact, checkSave } from './storage-corruption.js'
import { encodeFrame, isZero, scanFrames } from './wal-frame.js'
import { parseWalRecord, type WalRecord } from './wal-record.js'
import { WalReplay } from './wal-replay.js'
import { listSegments, preallocateSegment, segmentFile, type SegmentFile } from './wal-segments.js'

const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024

export interface WalRaftStorageOptions {
  /**
   * Bytes preallocated per segment file (default 64 MiB), rounded up to a multiple of 8. A record
   * larger than this gets a segment of its own size.
   */
  readonly segmentBytes?: number
}

/** A kept segment: its size and the highest entry index any of its records wrote. */
interface Segment extends SegmentFile {
  readonly size: number
  maxIndex: number
}

/** One thread-pool hop; the write before it is a main-thread call into the page cache. */
const fdatasyncAsync = promisify(fdatasync)

/**
 * The Raft log as a write-ahead log of preallocated segment files (etcd's shape). One save or
 * compact is one record, written with one `writeSync` at the tail and made durable with one
 * `fdatasync`; since the segment's blocks already exist, that flushes the record and nothing
 * else. The next segment is preallocated in the background while the current one fills.
 * Compacting deletes whole segments whose entries all lie before the new first index; the
 * compact record carries the snapshot and hard state, so the log replays from any kept segment.
 *
 * Memory holds what the checks before writing need (snapshot, hard state, the terms of held
 * entries), never the entries' data. Calls must not overlap; `load` comes first.
 */
export class WalRaftStorage implements RaftStorage {
  readonly #dir: string
  readonly #segmentBytes: number
  #shape = new LogShape()
  /** Kept segments, oldest first; the last one takes the writes, from `#tail` on. */
  #segments: Segment[] = []
  #fd: number | undefined
  #tail = 0
  /** The next segment, being preallocated once the current one is half full. */
  #spare: Promise<Segment> | undefined
  /** A write or fsync that failed: what reached the disk is unknown, so nothing more is written. */
  #failure: unknown

  constructor(dir: string, options: WalRaftStorageOptions = {}) {
    this.#dir = dir
    this.#segmentBytes = Math.ceil((options.segmentBytes ?? DEFAULT_SEGMENT_BYTES) / 8) * 8
  }

  /**
   * Replays every segment, oldest first, and checks the log. A record cut short at the end of the
   * last segment (a crash mid-write, never acknowledged) ends the log and is zeroed. May be
   * called again: it reads the disk afresh.
   */
  async load(): Promise<StoredRaftState> {
    await this.#closeFiles()
    await mkdir(this.#dir, { recursive: true })
    const files = await listSegments(this.#dir)
    const { stored, kept, tail } = await replaySegments(files)
    if (kept.length === 0) {
      const first = segmentFile(this.#dir, files[0]?.sequence ?? 1)
      kept.push({ ...first, size: await preallocateSegment(this.#dir, first.path, this.#segmentBytes), maxIndex: 0 })
    }
    const current = kept.at(-1)!
    // The spare after the current segment is kept (and finished by #prepareSpare); any later one goes.
    for (const extra of files.filter((file) => file.sequence > current.sequence + 1)) await unlink(extra.path)
    this.#shape = LogShape.of(stored.hardState, stored.snapshot, stored.entries)
    this.#segments = kept
    this.#tail = tail
    this.#failure = undefined
    this.#fd = openSync(current.path, 'r+')
    this.#prepareSpareWhenHalfFull()
    return stored
  }

  async save(update: RaftStorageUpdate): Promise<void> {
    checkSave(this.#loadedShape(), update)
    if (update.snapshot === undefined && update.entries.length === 0 && update.hardState === undefined) return
    const { snapshot, entries, hardState } = update
    await this.#append({ type: 'save', snapshot, entries, hardState }, entries.at(-1)?.index ?? 0)
    this.#shape.applySave(update)
  }

  async compact(snapshot: SnapshotMeta, firstIndex: number): Promise<void> {
    const shape = this.#loadedShape()
    checkCompact(shape, snapshot, firstIndex)
    await this.#append({ type: 'compact', snapshot, firstIndex, hardState: shape.hardState }, 0)
    shape.applyCompact(snapshot, firstIndex)
    // Oldest first, so a crash between two deletions still leaves a log that replays. The
    // deletions need no directory fsync: a segment that comes back replays harmlessly.
    while (this.#segments.length > 1 && this.#segments[0]!.maxIndex < firstIndex) {
      await unlink(this.#segments[0]!.path)
      this.#segments.shift()
    }
  }

  async close(): Promise<void> {
    await this.#closeFiles()
  }

  #loadedShape(): LogShape {
    if (this.#fd === undefined) throw new RaftInvariantError(`the raft log in ${this.#dir} is not open: load() it first`)
    if (this.#failure !== undefined) throw this.#failure
    return this.#shape
  }

  async #append(record: WalRecord, maxIndex: number): Promise<void> {
    const frame = encodeFrame(JSON.stringify(record))
    if (this.#tail + frame.length > this.#segments.at(-1)!.size) await this.#rollOver(frame.length)
    const current = this.#segments.at(-1)!
    try {
      const wrote = writeSync(this.#fd!, frame, 0, frame.length, this.#tail)
      if (wrote !== frame.length) throw new Error(`wrote ${wrote} of ${frame.length} bytes to ${current.path}`)
      this.#tail += frame.length
      this.#prepareSpareWhenHalfFull()
      await fdatasyncAsync(this.#fd!)
    } catch (error) {
      this.#failure = error
      throw error
    }
    current.maxIndex = Math.max(current.maxIndex, maxIndex)
  }

  /** Moves the writes to the spare segment (grown first if the record is larger) and prepares the next. */
  async #rollOver(frameBytes: number): Promise<void> {
    const sequence = this.#segments.at(-1)!.sequence + 1
    let next: Segment
    try {
      next = await (this.#spare ?? this.#preallocate(sequence, this.#segmentBytes))
    } catch {
      // One more try in the foreground; a second failure fails this write.
      next = await this.#preallocate(sequence, this.#segmentBytes)
    }
    if (next.size < frameBytes) next = await this.#preallocate(sequence, frameBytes)
    this.#spare = undefined
    closeSync(this.#fd!)
    this.#fd = openSync(next.path, 'r+')
    this.#tail = 0
    this.#segments.push(next)
  }

  /**
   * Zeroing a spare segment competes with the fsyncs of the writes for the disk, so it starts
   * only once the current segment is half full (not at start, where a new node would zero two
   * segments at once), which still leaves it half a segment of writes to finish.
   */
  #prepareSpareWhenHalfFull(): void {
    if (this.#spare !== undefined || this.#tail < this.#segments.at(-1)!.size / 2) return
    const spare = this.#preallocate(this.#segments.at(-1)!.sequence + 1, this.#segmentBytes)
    // A failure is handled where the spare is needed: at the next rollover, or by close().
    spare.catch(() => undefined)
    this.#spare = spare
  }

  async #preallocate(sequence: number, bytes: number): Promise<Segment> {
    const file = segmentFile(this.#dir, sequence)
    return { ...file, size: await preallocateSegment(this.#dir, file.path, bytes), maxIndex: 0 }
  }

  async #closeFiles(): Promise<void> {
    const spare = this.#spare
    this.#spare = undefined
    await spare?.catch(() => undefined)
    if (this.#fd !== undefined) closeSync(this.#fd)
    this.#fd = undefined
  }
}

/**
 * Replays the segments, oldest first, into the log they hold. Returns the segments holding
 * records and where the next record goes in the last of them. Segments after the last one
 * holding a record are spares, prepared but never written, and are not returned.
 */
async function replaySegments(files: readonly SegmentFile[]): Promise<{ stored: StoredRaftState; kept: Segment[]; tail: number }> {
  let written = files.length
  let lastContent: Buffer | undefined
  while (written > 0 && lastContent === undefined) {
    const content = await readFile(files[written - 1]!.path)
    if (isZero(content)) written--
    else lastContent = content
  }
  const replay = new WalReplay()
  const kept: Segment[] = []
  let tail = 0
  for (const [i, file] of files.slice(0, written).entries()) {
    const isLast = i === written - 1
    const content = isLast ? lastContent! : await readFile(file.path)
    const name = basename(file.path)
    const scanned = scanFrames(content, name, isLast)
    let maxIndex = 0
    for (const [n, text] of scanned.payloads.entries()) {
      const where = `${name} record ${n + 1}`
      const record = parseWalRecord(text, where)
      replay.apply(record, where)
      if (record.type === 'save') maxIndex = Math.max(maxIndex, record.entries.at(-1)?.index ?? 0)
    }
    if (scanned.torn !== undefined) await zeroRange(file.path, scanned.torn.start, scanned.torn.end)
    kept.push({ ...file, size: content.length, maxIndex })
    tail = scanned.end
  }
  return { stored: replay.finish(), kept, tail }
}

/** Overwrites [start, end) of the file with zeros, durably: the torn record is gone for good. */
async function zeroRange(path: string, start: number, end: number): Promise<void> {
  const file = await open(path, 'r+')
  try {
    await file.write(Buffer.alloc(end - start), 0, end - start, start)
    await file.datasync()
  } finally {
    await file.close()
  }
}
