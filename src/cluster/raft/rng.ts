/**
 * The core's only source of randomness (election jitter). It is passed in so the same seed
 * replays the same elections; the driver seeds it once at start.
 */
export interface Rng {
  /** A uniformly drawn integer in [0, boundExclusive). */
  nextInt(boundExclusive: number): number
}

/** A small seeded generator (mulberry32): fast, 32-bit state, good enough for jitter and sims. */
export function createSeededRng(seed: number): Rng {
  let state = seed >>> 0
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
  return {
    nextInt(boundExclusive: number): number {
      if (!(boundExclusive >= 1)) throw new RangeError(`rng bound must be at least 1, got ${boundExclusive}`)
      return nextUint32() % Math.floor(boundExclusive)
    },
  }
}
