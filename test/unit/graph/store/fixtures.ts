import type { CommandContext } from '../../../../src/graph/command.js'
import type { GraphStore, SnapshotChunk } from '../../../../src/graph/store/graph-store.js'

export function context(index: number): CommandContext {
  return { index, timestamp: 1_700_000_000_000 + index }
}

export async function collect<T>(items: AsyncIterable<T> | undefined): Promise<T[]> {
  if (items === undefined) throw new Error('expected an iterable, got undefined')
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

/** Every key and value the store holds, in key order, from its snapshot. */
export async function storeContents(store: GraphStore): Promise<[string, string][]> {
  const entries: [string, string][] = []
  for await (const chunk of store.snapshot()) {
    if (chunk.kind === 'entries') for (const [key, value] of chunk.entries) entries.push([key, value])
  }
  return entries
}

export async function snapshotChunks(store: GraphStore): Promise<SnapshotChunk[]> {
  return collect(store.snapshot())
}

export async function* replay(chunks: readonly SnapshotChunk[]): AsyncIterable<SnapshotChunk> {
  yield* chunks
}
