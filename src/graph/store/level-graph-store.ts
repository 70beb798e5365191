import { mkdir } from 'node:fs/promises'
import { Level } from 'level'
import { MemoryLevel } from 'memory-level'
import { NornicError } from '../../errors/index.js'
import type { CommandContext } from '../command.js'
import type { GraphReader, GraphStore, GraphWriter, SnapshotChunk, WriteOptions } from './graph-store.js'
import { GraphView } from './graph-view.js'
import { OverlayWriter, type StoreCounters } from './graph-writer.js'
import {
  META_APPLIED_INDEX,
  META_NEXT_NODE_ID,
  META_NEXT_RELATIONSHIP_ID,
  META_NODE_COUNT,
  META_RELATIONSHIP_COUNT,
  META_RESTORING,
} from './keys.js'
import { LevelView, type KeyValueView, type StoreLevel } from './kv-view.js'
import { Overlay } from './overlay.js'
import { Schema } from './schema.js'
import { readSnapshot, restoreSnapshot } from './snapshot.js'
import { WriteQueue } from './write-queue.js'

/** level encodes every key and value as UTF-8 text; memory-level keeps bytes, so both order alike. */
const TEXT = { keyEncoding: 'utf8', valueEncoding: 'utf8' } as const

/** Opens (creating if needed) the graph store in `dir`, usually `<data-dir>/graph`. */
export async function openLevelGraphStore(dir: string): Promise<GraphStore> {
  await mkdir(dir, { recursive: true })
  const db = new Level<string, string>(dir, TEXT)
  try {
    await db.open()
  } catch (error) {
    throw asLockedError(dir, error)
  }
  return LevelGraphStore.open(db)
}

/** A graph store in memory, on the same code path as the one on disk. */
export async function openMemoryGraphStore(): Promise<GraphStore> {
  const db = new MemoryLevel<string, string>({ ...TEXT, storeEncoding: 'buffer' })
  await db.open()
  return LevelGraphStore.open(db)
}

/**
 * The GraphStore on abstract-level.
 *
 * Writes run one at a time through a queue, each into an overlay that commits as one batch
 * with `{ sync: true }`. Reads take an explicit level snapshot (classic-level and memory-level
 * both support them) and read everything from it, schema and counts included, so a read sees
 * each write whole or not at all while writes go on. The fields below mirror the committed
 * state for writers only; they change right after a batch lands, and nothing else writes.
 */
class LevelGraphStore implements GraphStore {
  private readonly queue = new WriteQueue()
  private closed = false

  private constructor(
    private readonly db: StoreLevel,
    private applied: number,
    private schema: Schema,
    private counters: StoreCounters,
  ) {}

  static async open(db: StoreLevel): Promise<LevelGraphStore> {
    if (!db.supports.explicitSnapshots) throw new Error('the graph store needs a level with explicit snapshots')
    if ((await db.get(META_RESTORING)) !== undefined) await db.clear()
    const view = new LevelView(db)
    const state = await loadState(view)
    return new LevelGraphStore(db, state.applied, state.schema, state.counters)
  }

  get appliedIndex(): number {
    return this.applied
  }

  async read<T>(read: (reader: GraphReader) => Promise<T>): Promise<T> {
    this.assertOpen()
    const snapshot = this.db.snapshot()
    try {
      const view = new LevelView(this.db, snapshot)
      return await read(new GraphView(view, await Schema.load(view)))
    } finally {
      await snapshot.close()
    }
  }

  async write<T>(
    context: CommandContext,
    write: (writer: GraphWriter) => Promise<T>,
    options: WriteOptions = {},
  ): Promise<{ skipped: false; value: T } | { skipped: true }> {
    this.assertOpen()
    if (!Number.isSafeInteger(context.index) || context.index < 1) {
      throw new RangeError(`a command index must be a positive integer, got ${context.index}`)
    }
    return this.queue.run(async () => {
      if (context.index <= this.applied) return { skipped: true }
      const overlay = new Overlay()
      const writer = new OverlayWriter(overlay, new LevelView(this.db), this.schema, this.counters, context)
      const value = await write(writer)
      await writer.finish()
      overlay.put(META_APPLIED_INDEX, String(context.index))
      await overlay.commit(this.db, options.fsync ?? true)
      this.applied = context.index
      this.schema = writer.result.schema
      this.counters = writer.result.counters
      return { skipped: false, value }
    })
  }

  async *snapshot(): AsyncIterable<SnapshotChunk> {
    this.assertOpen()
    yield* readSnapshot(this.db)
  }

  async restore(chunks: AsyncIterable<SnapshotChunk>): Promise<void> {
    this.assertOpen()
    return this.queue.run(async () => {
      try {
        await restoreSnapshot(this.db, chunks)
      } finally {
        // A failed restore may have emptied the store: mirror whatever is there now.
        const state = await loadState(new LevelView(this.db))
        this.applied = state.applied
        this.schema = state.schema
        this.counters = state.counters
      }
    })
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.queue.drain()
    await this.db.close()
  }

  private assertOpen(): void {
    if (this.closed) throw new NornicError('Neo.TransientError.General.DatabaseUnavailable', 'the graph store is closed')
  }
}

async function loadState(view: KeyValueView): Promise<{ applied: number; schema: Schema; counters: StoreCounters }> {
  const [applied, nextNodeId, nextRelationshipId, nodes, relationships] = await view.getMany([
    META_APPLIED_INDEX,
    META_NEXT_NODE_ID,
    META_NEXT_RELATIONSHIP_ID,
    META_NODE_COUNT,
    META_RELATIONSHIP_COUNT,
  ])
  return {
    applied: Number(applied ?? 0),
    schema: await Schema.load(view),
    counters: {
      nextNodeId: Number(nextNodeId ?? 0),
      nextRelationshipId: Number(nextRelationshipId ?? 0),
      nodes: Number(nodes ?? 0),
      relationships: Number(relationships ?? 0),
    },
  }
}

/** classic-level reports a held LOCK as LEVEL_DATABASE_NOT_OPEN caused by LEVEL_LOCKED. */
function asLockedError(dir: string, error: unknown): unknown {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause
  if (cause?.code !== 'LEVEL_LOCKED') return error
  return new NornicError('Nornic.Node.DataDirLocked', `the graph store in ${dir} is already open in another process`, { dir }, { cause: error })
}
