import type { SnapshotChunk } from './graph-store.js'
import { META_APPLIED_INDEX, META_RESTORING } from './keys.js'
import type { StoreLevel } from './kv-view.js'

/** Bumped whenever the key layout or the record encoding changes. */
export const SNAPSHOT_FORMAT_VERSION = 1

/** Entries per chunk: a snapshot never holds more than one chunk in memory. */
const SNAPSHOT_CHUNK_SIZE = 1000

/**
 * Streams every key and value of `db` as of the moment the iteration starts (an explicit level
 * snapshot pins that moment). The header's applied index is read from the same snapshot.
 */
export async function* readSnapshot(db: StoreLevel, snapshot: ReturnType<StoreLevel['snapshot']>): AsyncIterable<SnapshotChunk> {
  try {
    const applied = await db.get(META_APPLIED_INDEX, { snapshot })
    yield { kind: 'header', formatVersion: SNAPSHOT_FORMAT_VERSION, appliedIndex: Number(applied ?? 0) }
    const iterator = db.iterator({ snapshot })
    try {
      for (;;) {
        const entries = await iterator.nextv(SNAPSHOT_CHUNK_SIZE)
        if (entries.length === 0) break
        yield { kind: 'entries', entries }
      }
    } finally {
      await iterator.close()
    }
  } finally {
    await snapshot.close()
  }
}

/**
 * Replaces the contents of `db` with a snapshot, one batch per chunk. The header is checked
 * before anything is touched. A marker key stays in place until the last batch (which also
 * writes the applied index), so a crash halfway leaves a store that opens empty rather than a
 * mix of old and new; a failure halfway empties the store at once, for the same reason.
 */
export async function restoreSnapshot(db: StoreLevel, chunks: AsyncIterable<SnapshotChunk>): Promise<void> {
  const iterator = chunks[Symbol.asyncIterator]()
  const first = await iterator.next()
  if (first.done === true || first.value.kind !== 'header') throw new Error('a snapshot starts with its header')
  const header = first.value
  if (header.formatVersion !== SNAPSHOT_FORMAT_VERSION) {
    throw new Error(`snapshot format ${header.formatVersion} is not supported (this node reads format ${SNAPSHOT_FORMAT_VERSION})`)
  }
  await db.put(META_RESTORING, '1', { sync: true })
  try {
    await db.clear({ lt: META_RESTORING })
    await db.clear({ gt: META_RESTORING })
    for (let step = await iterator.next(); step.done !== true; step = await iterator.next()) {
      if (step.value.kind !== 'entries') throw new Error('a snapshot has one header')
      const batch = db.batch()
      for (const [key, value] of step.value.entries) {
        if (key !== META_APPLIED_INDEX && key !== META_RESTORING) batch.put(key, value)
      }
      await batch.write()
    }
  } catch (error) {
    await db.clear()
    throw error
  }
  const last = db.batch()
  // A store that never applied a command has no applied-index key; keep it that way.
  if (header.appliedIndex === 0) last.del(META_APPLIED_INDEX)
  else last.put(META_APPLIED_INDEX, String(header.appliedIndex))
  last.del(META_RESTORING)
  await last.write({ sync: true })
}
