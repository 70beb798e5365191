/** The sample at `fraction` of a sorted list (0.5 the median, 0.99 the p99), by nearest rank; NaN when empty. */
function atRank(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN
}

const ascending = (samples: readonly number[]): number[] => [...samples].sort((a, b) => a - b)

/** The sample at `fraction` (0.5 the median, 0.99 the p99), by nearest rank; NaN when there are none. */
export function quantile(samples: readonly number[], fraction: number): number {
  return atRank(ascending(samples), fraction)
}

/** Median, p99, min and max of a list of samples, as one printable line. */
export function summarize(label: string, samples: readonly number[]): string {
  const sorted = ascending(samples)
  const format = (value: number): string => value.toFixed(value < 10 ? 3 : 1)
  return `${label}: n=${sorted.length} median=${format(atRank(sorted, 0.5))} p99=${format(atRank(sorted, 0.99))} min=${format(atRank(sorted, 0))} max=${format(atRank(sorted, 1))}`
}
