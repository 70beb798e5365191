import { closest, distance } from 'fastest-levenshtein'

/** The known name closest to `name`, when it is close enough to be a likely typo. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined
  const candidate = closest(name, known as string[])
  return distance(name, candidate) <= Math.max(2, Math.floor(name.length / 4)) ? candidate : undefined
}
