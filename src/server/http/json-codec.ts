import { isInteger, LosslessNumber, parse, stringify } from 'lossless-json'

/**
 * JSON with exact integers: an integer literal becomes a bigint (all 64 bits survive), any other
 * number a float. Output writes bigints as plain digits and keeps floats recognisable as floats.
 */
export function parseJsonExact(text: string): unknown {
  return parse(text, null, (digits) => (isInteger(digits) ? BigInt(digits) : Number.parseFloat(digits)))
}

/** A float that JSON would otherwise print as an integer (1.0 → "1") keeps its fraction. */
export function jsonFloat(value: number): LosslessNumber | string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity'
  return new LosslessNumber(Number.isInteger(value) ? value.toFixed(1) : String(value))
}

export function stringifyJsonExact(value: unknown): string {
  return stringify(value) ?? 'null'
}
