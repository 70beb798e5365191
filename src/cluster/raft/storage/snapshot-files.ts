import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import type { SnapshotMeta } from '../types.js'
import { RaftStorageCorruption } from './storage-corruption.js'

const SNAPSHOT_SUFFIX = '.snap'
const PARTIAL_SUFFIX = '.partial'
/** How many bytes of records are gathered before one write to the file. */
const WRITE_BUFFER_BYTES = 256 * 1024

/** An open snapshot: its metadata, and its records, read from a handle that survives the file's deletion. */
export interface SnapshotReader {
  readonly meta: SnapshotMeta
  records(): AsyncIterable<string>
  close(): Promise<void>
}

/** A snapshot being written record by record; nothing is visible under its final name until `finish`. */
export interface SnapshotWriter {
  write(record: string): Promise<void>
  /** Fsyncs the file and moves it to its final name (fsyncing the directory too). */
  finish(): Promise<void>
  /** Drops what was written. */
  abort(): Promise<void>
}

/**
 * Snapshot data as files in one directory (`<raft dir>/snapshots`). A file is its metadata line
 * followed by one JSON string per record, so the data sent to a follower is exactly the data the
 * metadata describes: both come from the one file, written once, while the state machine stood
 * still at the snapshot's index.
 */
export class SnapshotFiles {
  readonly #dir: string

  constructor(dir: string) {
    this.#dir = dir
  }

  get dir(): string {
    return this.#dir
  }

  /** Writes a whole snapshot from the state machine's records. */
  async write(meta: SnapshotMeta, records: AsyncIterable<string>): Promise<void> {
    const writer = await this.create(meta)
    try {
      for await (const record of records) await writer.write(record)
    } catch (error) {
      await writer.abort()
      throw error
    }
    await writer.finish()
  }

  async create(meta: SnapshotMeta): Promise<SnapshotWriter> {
    await mkdir(this.#dir, { recursive: true })
    const finalPath = this.#path(meta.index)
    const partialPath = finalPath + PARTIAL_SUFFIX
    const handle = await open(partialPath, 'w')
    let buffered: string[] = [JSON.stringify(meta) + '\n']
    let bufferedBytes = 0
    const flush = async (): Promise<void> => {
      if (buffered.length === 0) return
      const text = buffered.join('')
      buffered = []
      bufferedBytes = 0
      await handle.write(text)
    }
    return {
      write: async (record) => {
        const line = JSON.stringify(record) + '\n'
        buffered.push(line)
        bufferedBytes += line.length
        if (bufferedBytes >= WRITE_BUFFER_BYTES) await flush()
      },
      finish: async () => {
        await flush()
        await handle.sync()
        await handle.close()
        await rename(partialPath, finalPath)
        await this.#fsyncDir()
      },
      abort: async () => {
        await handle.close().catch(() => undefined)
        await rm(partialPath, { force: true })
      },
    }
  }

  /** Opens the snapshot at `index`; undefined when there is no such file. The metadata line is checked. */
  async open(index: number): Promise<SnapshotReader | undefined> {
    let handle: FileHandle
    try {
      handle = await open(this.#path(index), 'r')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    const lines = handle.readLines({ autoClose: false })[Symbol.asyncIterator]()
    const first = await lines.next()
    const meta = first.done === true ? undefined : parseMeta(first.value)
    if (meta === undefined || meta.index !== index) {
      await handle.close()
      throw new RaftStorageCorruption(`snapshot file ${this.#path(index)} does not describe a snapshot at ${index}`)
    }
    let closed = false
    const close = async (): Promise<void> => {
      if (closed) return
      closed = true
      await handle.close()
    }
    return {
      meta,
      close,
      records: async function* () {
        try {
          for (let next = await lines.next(); next.done !== true; next = await lines.next()) {
            yield parseRecord(next.value)
          }
        } finally {
          await close()
        }
      },
    }
  }

  /** Indexes of complete snapshot files, oldest first. */
  async list(): Promise<number[]> {
    let names: string[]
    try {
      names = await readdir(this.#dir)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    return names
      .filter((name) => name.endsWith(SNAPSHOT_SUFFIX))
      .map((name) => Number(name.slice(0, -SNAPSHOT_SUFFIX.length)))
      .filter((index) => Number.isSafeInteger(index))
      .sort((a, b) => a - b)
  }

  /**
   * Deletes every complete snapshot file older than `index`. Newer ones stay: one may be a
   * snapshot just received from the leader that the core has yet to install.
   */
  async removeOlderThan(index: number): Promise<void> {
    await this.#remove((name) => name.endsWith(SNAPSHOT_SUFFIX) && Number(name.slice(0, -SNAPSHOT_SUFFIX.length)) < index)
  }

  /** Deletes files a crash left half written; call at start, before anything is written. */
  async removePartials(): Promise<void> {
    await this.#remove((name) => name.endsWith(PARTIAL_SUFFIX))
  }

  async #remove(matches: (name: string) => boolean): Promise<void> {
    let names: string[]
    try {
      names = await readdir(this.#dir)
    } catch {
      return
    }
    await Promise.all(names.filter(matches).map((name) => rm(join(this.#dir, name), { force: true })))
  }

  #name(index: number): string {
    return index.toString().padStart(16, '0') + SNAPSHOT_SUFFIX
  }

  #path(index: number): string {
    return join(this.#dir, this.#name(index))
  }

  async #fsyncDir(): Promise<void> {
    const dir = await open(this.#dir, 'r')
    try {
      await dir.sync()
    } finally {
      await dir.close()
    }
  }
}

function parseMeta(line: string): SnapshotMeta | undefined {
  try {
    const value = JSON.parse(line) as SnapshotMeta
    return Number.isSafeInteger(value.index) && Number.isSafeInteger(value.term) && typeof value.membership === 'object' ? value : undefined
  } catch {
    return undefined
  }
}

function parseRecord(line: string): string {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    throw new RaftStorageCorruption(`a snapshot record is not JSON`)
  }
  if (typeof value !== 'string') throw new RaftStorageCorruption(`a snapshot record is not a string`)
  return value
}
