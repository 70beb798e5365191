import type { PropertyValue } from '../values.js'
import type { PropertyPredicate, RangeBound } from './graph-store.js'
import { compareKeys, encodeKeyPart, type KeyRange } from './keys.js'

/**
 * An order-preserving, prefix-free encoding of property values for index keys. The first
 * character names the kind of value, so each kind occupies its own interval of the index and a
 * range lookup never crosses into another kind:
 *
 *   A null (inside lists only)  B boolean  L list  N number  S string  Z NaN (equal to nothing)
 *
 * Integers and floats share N and compare as numbers: a value is the double nearest to it (16 hex
 * digits of its bits, flipped so they sort) followed by what the double leaves out, which is only
 * non-zero for integers beyond 2^53 (|rest| <= 512 below 2^63). So 1 and 1.0 encode alike (they
 * are equal in Cypher) and 2^53 + 1 sorts between 2^53 and 2^53 + 2.
 */

const LIST_END = '\x00'
const REST_OFFSET = 2048

export function encodeIndexValue(value: PropertyValue): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'B1' : 'B0'
    case 'string':
      return `S${encodeKeyPart(value)}`
    case 'number':
      return Number.isNaN(value) ? 'Z' : encodeNumber(value, 0)
    case 'bigint': {
      const nearest = Number(value)
      return encodeNumber(nearest, Number(value - BigInt(nearest)))
    }
    default:
      return value === null ? 'A' : `L${value.map(encodeIndexValue).join('')}${LIST_END}`
  }
}

function encodeNumber(value: number, rest: number): string {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, value === 0 ? 0 : value)
  let bits = view.getBigUint64(0)
  bits = bits >> 63n === 1n ? ~bits & 0xffff_ffff_ffff_ffffn : bits | (1n << 63n)
  return `N${bits.toString(16).padStart(16, '0')}${(rest + REST_OFFSET).toString(16).padStart(3, '0')}`
}

/**
 * The key interval of an index's entries that satisfy `predicate`, or undefined when nothing
 * can (a null or NaN operand, or bounds of two different kinds). Entries are
 * `prefix + encoded value + node id`, and node ids are digits, so `encoded value + ':'` lies
 * after every entry of that value and before every greater value.
 */
export function predicateRange(prefix: string, predicate: PropertyPredicate): KeyRange | undefined {
  if (predicate.kind === 'equals') {
    if (!isComparable(predicate.value)) return undefined
    const encoded = prefix + encodeIndexValue(predicate.value)
    return { gte: encoded, lt: `${encoded}:` }
  }
  const { lower, upper } = predicate
  if (lower === undefined && upper === undefined) return undefined
  if ((lower !== undefined && !isComparable(lower.value)) || (upper !== undefined && !isComparable(upper.value))) return undefined
  const kind = kindOf((lower ?? upper) as RangeBound)
  if (lower !== undefined && upper !== undefined && kindOf(upper) !== kind) return undefined
  const gte = lower === undefined ? prefix + kind : prefix + encodeIndexValue(lower.value) + (lower.inclusive ? '' : ':')
  const lt =
    upper === undefined
      ? prefix + String.fromCharCode(kind.charCodeAt(0) + 1)
      : prefix + encodeIndexValue(upper.value) + (upper.inclusive ? ':' : '')
  return compareKeys(gte, lt) < 0 ? { gte, lt } : undefined
}

function kindOf(bound: RangeBound): string {
  return encodeIndexValue(bound.value).charAt(0)
}

function isComparable(value: PropertyValue): boolean {
  return value !== null && !(typeof value === 'number' && Number.isNaN(value))
}
