import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { replaceFileDurably } from '../durable-file.js'
import type { EncodedWriteRequest } from '../value-codec.js'

/**
 * One write command as the primary numbered it: `index` is also the graph's command index. The
 * encoded request's fields sit beside the numbering, so a line written before requests had optional
 * fields reads as a request of statements only.
 */
export interface WalEntry extends EncodedWriteRequest {
  readonly index: number
  readonly epoch: number
  readonly timestamp: number
}

/** The size of entries as the WAL writes them and WALBatch frames carry them (nornicdb_replication_bytes_total). */
export function entryBytes(entries: readonly WalEntry[]): number {
  return entries.reduce((sum, entry) => sum + JSON.stringify(entry).length, 0)
}

/** A position in the log: an index and the epoch of the entry there. */
export interface WalPoint {
  readonly index: number
  readonly epoch: number
}

export interface WalOptions {
  /** Entries kept once the log is trimmed; older ones are only in the graph (a standby that needs them gets a snapshot). */
  readonly retainEntries: number
}

const LOG_FILE = 'entries.log'

/**
 * The write-ahead log of hot standby mode, in `<cluster data dir>/wal/`: one file of JSON lines whose
 * first line is the base (the point just before the first entry, after a trim or a snapshot). Appends
 * are fsynced before they return; a rewrite (trim, truncation, reset) goes to a new file that replaces
 * the old one by rename, so a crash leaves one or the other. A torn last line (a crash mid-append) is
 * dropped on open: it was never fsynced, so it was never acknowledged.
 *
 * Not safe for overlapping calls: its owner runs appends and rewrites one at a time.
 */
export class WriteAheadLog {
  #base: WalPoint
  #entries: WalEntry[]
  #handle: FileHandle | undefined

  private constructor(
    private readonly dir: string,
    private readonly options: WalOptions,
    base: WalPoint,
    entries: WalEntry[],
  ) {
    this.#base = base
    this.#entries = entries
  }

  static async open(dir: string, options: WalOptions): Promise<WriteAheadLog> {
    await mkdir(dir, { recursive: true })
    let text: string
    try {
      text = await readFile(join(dir, LOG_FILE), 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      const log = new WriteAheadLog(dir, options, { index: 0, epoch: 0 }, [])
      await log.#rewrite()
      return log
    }
    const { base, entries, torn } = parseLog(text)
    const log = new WriteAheadLog(dir, options, base, entries)
    if (torn) await log.#rewrite()
    else log.#handle = await open(join(dir, LOG_FILE), 'a')
    return log
  }

  get base(): WalPoint {
    return this.#base
  }

  get firstIndex(): number {
    return this.#base.index + 1
  }

  get last(): WalPoint {
    const entry = this.#entries.at(-1)
    return entry === undefined ? this.#base : { index: entry.index, epoch: entry.epoch }
  }

  get lastIndex(): number {
    return this.last.index
  }

  /** The epoch of the entry at `index` (or of the base), undefined outside base..last. */
  epochAt(index: number): number | undefined {
    if (index === this.#base.index) return this.#base.epoch
    return this.#entry(index)?.epoch
  }

  /** Up to `max` entries from `index` on; empty when `index` is past the end or before the first entry. */
  entriesFrom(index: number, max: number): WalEntry[] {
    if (index < this.firstIndex) return []
    const offset = index - this.firstIndex
    return this.#entries.slice(offset, offset + max)
  }

  /** Appends entries that follow the last one without a gap, and fsyncs them. */
  async append(entries: readonly WalEntry[]): Promise<void> {
    if (entries.length === 0) return
    let expected = this.lastIndex + 1
    for (const entry of entries) {
      if (entry.index !== expected) throw new Error(`WAL append out of order: entry ${entry.index} where ${expected} was expected`)
      expected += 1
    }
    const handle = this.#handle
    if (handle === undefined) throw new Error('the WAL is closed')
    await handle.write(entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''))
    await handle.datasync()
    this.#entries.push(...entries)
    if (this.#entries.length > this.options.retainEntries * 2) await this.#trim()
  }

  /** Discards every entry after `index`; returns how many were discarded. */
  async truncateAfter(index: number): Promise<number> {
    if (index < this.#base.index) throw new Error(`cannot truncate the WAL to ${index}, before its base ${this.#base.index}`)
    const keep = index - this.#base.index
    const discarded = this.#entries.length - keep
    if (discarded <= 0) return 0
    this.#entries = this.#entries.slice(0, keep)
    await this.#rewrite()
    return discarded
  }

  /** Empties the log so that the next entry follows `base` (after the graph was restored from a snapshot at `base`). */
  async resetTo(base: WalPoint): Promise<void> {
    this.#base = base
    this.#entries = []
    await this.#rewrite()
  }

  async close(): Promise<void> {
    await this.#handle?.close()
    this.#handle = undefined
  }

  #entry(index: number): WalEntry | undefined {
    return this.#entries[index - this.firstIndex]
  }

  async #trim(): Promise<void> {
    const drop = this.#entries.length - this.options.retainEntries
    const newBase = this.#entries[drop - 1]
    if (newBase === undefined) return
    this.#base = { index: newBase.index, epoch: newBase.epoch }
    this.#entries = this.#entries.slice(drop)
    await this.#rewrite()
  }

  async #rewrite(): Promise<void> {
    await this.#handle?.close()
    this.#handle = undefined
    const lines = [JSON.stringify({ base: this.#base }), ...this.#entries.map((entry) => JSON.stringify(entry))]
    await replaceFileDurably(this.dir, LOG_FILE, `${lines.join('\n')}\n`)
    this.#handle = await open(join(this.dir, LOG_FILE), 'a')
  }
}

function parseLog(text: string): { base: WalPoint; entries: WalEntry[]; torn: boolean } {
  const lines = text.split('\n')
  // A complete file ends with a newline, so its last piece is empty; anything else is a torn append.
  const tail = lines.pop()
  let torn = tail !== ''
  const header = lines.shift()
  if (header === undefined) throw new Error('the WAL file has no base line')
  const base = (JSON.parse(header) as { base: WalPoint }).base
  const entries: WalEntry[] = []
  for (const line of lines) {
    let entry: WalEntry
    try {
      entry = JSON.parse(line) as WalEntry
    } catch {
      torn = true
      break
    }
    const expected = (entries.at(-1)?.index ?? base.index) + 1
    if (entry.index !== expected) throw new Error(`the WAL holds entry ${entry.index} where ${expected} was expected`)
    entries.push(entry)
  }
  return { base, entries, torn }
}
