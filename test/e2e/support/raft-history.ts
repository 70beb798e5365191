/** One operation of a concurrent workload, with when it was invoked and when its answer came (ms, one clock). */
export type Operation =
  | { readonly kind: 'write'; readonly key: bigint; readonly start: number; readonly end: number; readonly ok: boolean }
  | { readonly kind: 'read'; readonly keys: ReadonlySet<bigint>; readonly start: number; readonly end: number }

/**
 * Checks a history of a grow-only set (writes add a unique key, reads return every key) for
 * linearizability violations a client can see: a read that misses a write acknowledged before the
 * read began (stale read), a read that sees a key no write had yet been invoked for, and a read
 * that misses a key an earlier read (finished before it began) saw. Writes that failed may or may
 * not have taken effect, so they only count as invoked. Returns the violations found.
 */
export function checkGrowOnlySet(history: readonly Operation[]): string[] {
  const writes = history.filter((op): op is Extract<Operation, { kind: 'write' }> => op.kind === 'write')
  const reads = history.filter((op): op is Extract<Operation, { kind: 'read' }> => op.kind === 'read').sort((a, b) => a.start - b.start)
  const invokedAt = new Map(writes.map((write) => [write.key, write.start]))
  const problems: string[] = []
  for (const read of reads) {
    for (const write of writes) {
      if (write.ok && write.end < read.start && !read.keys.has(write.key)) {
        problems.push(`stale read: key ${write.key} acknowledged at ${write.end.toFixed(1)} missing from a read begun at ${read.start.toFixed(1)}`)
      }
    }
    for (const key of read.keys) {
      const invoked = invokedAt.get(key)
      if (invoked === undefined || invoked > read.end) problems.push(`read ended ${read.end.toFixed(1)} saw key ${key}, not yet written`)
    }
  }
  for (const earlier of reads) {
    for (const later of reads) {
      if (earlier.end >= later.start) continue
      for (const key of earlier.keys) {
        if (!later.keys.has(key)) problems.push(`key ${key} seen by a read ended ${earlier.end.toFixed(1)} is missing from a read begun ${later.start.toFixed(1)}`)
      }
    }
  }
  return problems
}
