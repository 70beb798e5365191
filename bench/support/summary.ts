/** Median, p99, min and max of a list of samples, as one printable line. */
export function summarize(label: string, samples: readonly number[]): string {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (quantile: number): number => sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? Number.NaN
  const format = (value: number): string => value.toFixed(value < 10 ? 3 : 1)
  return `${label}: n=${sorted.length} median=${format(at(0.5))} p99=${format(at(0.99))} min=${format(sorted[0] ?? Number.NaN)} max=${format(sorted.at(-1) ?? Number.NaN)}`
}
