import { GraphDatabase } from '../src/graph/database.js'

/** Shared by the graph benchmarks: figures only, never pass or fail. */

export function percentile(sortedMs: readonly number[], fraction: number): number {
  if (sortedMs.length === 0) return Number.NaN
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor(fraction * sortedMs.length))]!
}

export function rssMb(): string {
  return `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`
}

/** Writes `count` :P nodes with an integer property i, in commands of `batch` nodes. */
export async function fillNodes(db: GraphDatabase, count: number, batch = 50_000): Promise<void> {
  for (let from = 1; from <= count; from += batch) {
    const to = Math.min(count, from + batch - 1)
    await db.apply({
      statements: [{ statement: 'UNWIND range($from, $to) AS i CREATE (:P {i: i})', parameters: { from: BigInt(from), to: BigInt(to) } }],
      context: { index: db.appliedIndex + 1, timestamp: 0 },
    })
  }
}

export function numberFromEnv(name: string, fallback: number): number {
  const text = process.env[name]
  return text === undefined ? fallback : Number(text)
}
