import { mkdir } from 'node:fs/promises'
import { Level } from 'level'
import { MemoryLevel } from 'memory-level'
import { NornicError } from '../../errors/index.js'
import type { CommandContext } from '../command.js'
import type { IdSource } from './created-ids.js'
import type { GraphReader, GraphStore, GraphWriter, GroupedWrite, GroupedWriteOutcome, OpenRead, OpenTransaction, SnapshotChunk, WriteOptions } from './graph-store.js'
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
import { LevelView, type KeyValueView, type StoreBatch, type StoreLevel } from './kv-view.js'
import { Overlay } from './overlay.js'
import { Schema } from './schema.js'
import { readSnapshot, restoreSnapshot } from './snapshot.js'
import { WriteQueue } from './write-queue.js'

/** What running a group of writes left in memory: the changes, and the state after them. */
interface WritesRun<T> {
  readonly group: Overlay
  readonly applied: number
  readonly schema: Schema
  readonly counters: StoreCounters
  readonly outcomes: GroupedWriteOutcome<T>[]
}

/** Writes run ahead, and the batch that stores their effects. */
interface PreparedWrites<T> {
  readonly writes: readonly GroupedWrite<T>[]
  readonly effects: WritesRun<T>
  readonly batch: StoreBatch | undefined
}

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
  return openGraphStoreOn(db)
}

/** A graph store in memory, on the same code path as the one on disk. */
export async function openMemoryGraphStore(): Promise<GraphStore> {
  const db = new MemoryLevel<string, string>({ ...TEXT, storeEncoding: 'buffer' })
  await db.open()
  return openGraphStoreOn(db)
}

/** A graph store on an open level the caller made: text keys and values, explicit snapshots. */
export function openGraphStoreOn(db: StoreLevel): Promise<GraphStore> {
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
  private openViews = 0
  /** The batch of a write that answered before its level write finished (fsync: false); reads wait for it. */
  private committing: Promise<void> | undefined
  /** Set when such a batch failed: the store no longer holds what it answered, so it serves nothing more. */
  private failure: unknown
  /** Batches on their way to level; while there are none, the fields below are what level holds. */
  private batchesInFlight = 0
  /**
   * What prepareAll worked out, for writeAll to commit. It always stands on the current state:
   * every writeAll and restore takes it or lets it go, and nothing else changes the state.
   */
  private prepared: PreparedWrites<unknown> | undefined

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

  get openReads(): number {
    return this.openViews
  }

  async read<T>(read: (reader: GraphReader) => Promise<T>): Promise<T> {
    const view = await this.openRead()
    try {
      return await read(view.reader)
    } finally {
      await view.close()
    }
  }

  async openRead(): Promise<OpenRead> {
    return this.openView((view, state) => new GraphView(view, state.schema))
  }

  async openTransaction(ids: IdSource, timestamp: number): Promise<OpenTransaction> {
    const open = await this.openView((view, { applied, schema, counters }) =>
      new OverlayWriter(new Overlay(), view, schema, counters, { index: applied, timestamp }, ids))
    return { writer: open.reader, checkConstraints: () => open.reader.finish(), close: open.close }
  }

  /**
   * A level snapshot of everything answered so far, counted in openReads until closed, and what
   * `build` makes of it and of the state (applied index, schema, counters) the snapshot holds.
   */
  private async openView<T>(build: (view: KeyValueView, state: StoreState) => T): Promise<{ readonly reader: T; close(): Promise<void> }> {
    await this.visible()
    // With no batch on its way, level holds what the fields say: the snapshot's state is known
    // without reading it back (a read that queues behind every disk write on the thread pool).
    const settled = this.batchesInFlight === 0 ? { applied: this.applied, schema: this.schema, counters: this.counters } : undefined
    const snapshot = this.db.snapshot()
    this.openViews += 1
    let closed = false
    const close = async (): Promise<void> => {
      if (closed) return
      closed = true
      this.openViews -= 1
      await snapshot.close()
    }
    try {
      const view = new LevelView(this.db, snapshot)
      return { reader: build(view, settled ?? await loadState(view)), close }
    } catch (error) {
      await close()
      throw error
    }
  }

  async write<T>(
    context: CommandContext,
    write: (writer: GraphWriter) => Promise<T>,
    options: WriteOptions = {},
  ): Promise<{ skipped: false; value: T } | { skipped: true }> {
    const [outcome] = await this.writeAll([{ context, write }], options)
    if (outcome!.skipped) return outcome!
    if (!outcome!.ok) throw outcome!.error
    return { skipped: false, value: outcome!.value }
  }

  async writeAll<T>(writes: readonly GroupedWrite<T>[], options: WriteOptions = {}): Promise<GroupedWriteOutcome<T>[]> {
    this.assertOpen()
    for (const { context } of writes) {
      if (!Number.isSafeInteger(context.index) || context.index < 1) {
        throw new RangeError(`a command index must be a positive integer, got ${context.index}`)
      }
    }
    const durable = options.fsync ?? true
    let answerEarly: (outcomes: GroupedWriteOutcome<T>[]) => void = () => undefined
    const early = new Promise<GroupedWriteOutcome<T>[]>((resolve) => {
      answerEarly = resolve
    })
    const done = this.queue.run(async () => {
      this.assertOpen()
      const { effects, batch } = await this.effectsOf(writes)
      const { applied, schema, counters, outcomes } = effects
      if (batch === undefined) return outcomes
      this.batchesInFlight += 1
      const commit = batch.write({ sync: durable })
      const adopt = (): void => {
        this.applied = applied
        this.schema = schema
        this.counters = counters
      }
      if (!durable) {
        // Nothing waits on this disk write for durability (the caller's log is the record), so
        // the outcomes go back now and only reads wait for the batch (see visible()): one
        // thread-pool round trip less on every replicated write's path.
        this.committing = commit
        adopt()
        answerEarly(outcomes)
      }
      try {
        await commit
        if (durable) adopt()
      } catch (error) {
        if (!durable) this.failure = error
        throw error
      } finally {
        this.committing = undefined
        this.batchesInFlight -= 1
      }
      return outcomes
    })
    if (durable) return done
    // A failed batch after the early answer is recorded in `failure`; nobody awaits `done` then.
    done.catch(() => undefined)
    return Promise.race([early, done])
  }

  async persistApplied(index: number): Promise<void> {
    this.assertOpen()
    await this.queue.run(async () => {
      this.assertOpen()
      if (!Number.isSafeInteger(index) || index < this.applied) {
        throw new RangeError(`the applied index ${this.applied} cannot be recorded as ${index}`)
      }
      await this.db.put(META_APPLIED_INDEX, String(index), { sync: true })
      this.applied = index
    })
  }

  async prepareAll<T>(writes: readonly GroupedWrite<T>[]): Promise<void> {
    this.assertOpen()
    await this.queue.run(async () => {
      this.assertOpen()
      this.dropPrepared()
      const effects = await this.runWrites(writes)
      this.prepared = { writes, effects, batch: await this.stage(effects, this.applied) }
    })
  }

  /**
   * The effects of the writes and the batch that stores them. Where the writes begin with the
   * very ones prepareAll ran (the same objects, in the same order), their kept effects are taken
   * and only the rest run; otherwise the kept effects are let go and all of them run.
   */
  private async effectsOf<T>(writes: readonly GroupedWrite<T>[]): Promise<{ effects: WritesRun<T>; batch: StoreBatch | undefined }> {
    const prepared = this.prepared as PreparedWrites<T> | undefined
    const covered = prepared !== undefined && prepared.writes.length <= writes.length && prepared.writes.every((write, i) => write === writes[i])
    if (!covered) {
      this.dropPrepared()
      const effects = await this.runWrites(writes)
      return { effects, batch: await this.stage(effects, this.applied) }
    }
    if (prepared.writes.length === writes.length) {
      this.prepared = undefined
      return prepared
    }
    // The kept batch lacks the rest: it goes, and the group it came from, grown, is staged again.
    this.dropPrepared()
    const effects = await this.runWrites(writes.slice(prepared.writes.length), prepared.effects)
    return { effects, batch: await this.stage(effects, this.applied) }
  }

  private dropPrepared(): void {
    // An unwritten batch holds nothing but memory; closing it cannot fail in a way that matters.
    this.prepared?.batch?.close().catch(() => undefined)
    this.prepared = undefined
  }

  /** The level batch of a run on the state at applied index `base`, with the new applied index; none when nothing took effect. */
  private async stage({ group, applied }: WritesRun<unknown>, base: number): Promise<StoreBatch | undefined> {
    if (applied === base) return undefined
    group.put(META_APPLIED_INDEX, String(applied))
    return group.stage(this.db)
  }

  /**
   * Runs the writes on the stored state, or after the run `from` (whose group it goes on filling),
   * each on its own overlay above the group's, so one that throws leaves nothing behind while the
   * ones before it stay; stores nothing.
   */
  private async runWrites<T>(writes: readonly GroupedWrite<T>[], from?: WritesRun<T>): Promise<WritesRun<T>> {
    const group = from?.group ?? new Overlay()
    const base = group.view(new LevelView(this.db))
    let { applied, schema, counters } = from ?? { applied: this.applied, schema: this.schema, counters: this.counters }
    const outcomes: GroupedWriteOutcome<T>[] = [...from?.outcomes ?? []]
    for (const { context, write, ids } of writes) {
      if (context.index <= applied) {
        outcomes.push({ skipped: true })
        continue
      }
      const overlay = new Overlay()
      const writer = new OverlayWriter(overlay, base, schema, counters, context, ids)
      try {
        const value = await write(writer)
        await writer.finish()
        overlay.mergeInto(group)
        applied = context.index
        schema = writer.result.schema
        counters = writer.result.counters
        outcomes.push({ skipped: false, ok: true, value })
      } catch (error) {
        outcomes.push({ skipped: false, ok: false, error })
      }
    }
    return { group, applied, schema, counters, outcomes }
  }

  /** Waits for a batch that answered early, so what a read sees includes every answered write. */
  private async visible(): Promise<void> {
    this.assertOpen()
    await this.committing?.catch(() => undefined)
    this.assertOpen()
  }

  async *snapshot(): AsyncIterable<SnapshotChunk> {
    yield* await this.openSnapshot()
  }

  async openSnapshot(): Promise<AsyncIterable<SnapshotChunk>> {
    await this.visible()
    return readSnapshot(this.db, this.db.snapshot())
  }

  async restore(chunks: AsyncIterable<SnapshotChunk>): Promise<void> {
    this.assertOpen()
    return this.queue.run(async () => {
      this.dropPrepared()
      this.batchesInFlight += 1
      try {
        await restoreSnapshot(this.db, chunks)
      } finally {
        // A failed restore may have emptied the store: mirror whatever is there now.
        const state = await loadState(new LevelView(this.db))
        this.applied = state.applied
        this.schema = state.schema
        this.counters = state.counters
        this.batchesInFlight -= 1
      }
    })
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.queue.drain()
    this.dropPrepared()
    await this.db.close()
  }

  private assertOpen(): void {
    if (this.closed) throw new NornicError('Neo.TransientError.General.DatabaseUnavailable', 'the graph store is closed')
    if (this.failure !== undefined) {
      const why = this.failure instanceof Error ? this.failure.message : String(this.failure)
      throw new NornicError('Neo.TransientError.General.DatabaseUnavailable', `the graph store failed to write a batch (${why}); restart the node, it replays the batch from its log`)
    }
  }
}

/** What the store holds besides records: its applied index, schema and counters. */
interface StoreState {
  readonly applied: number
  readonly schema: Schema
  readonly counters: StoreCounters
}

async function loadState(view: KeyValueView): Promise<StoreState> {
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
