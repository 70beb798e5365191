import { PathValue, type Value } from '../../values.js'
import { checkedInteger, typeName } from '../values/index.js'
import { argumentError, invalidArgument } from './argument-checks.js'
import type { ScalarFunction } from './function-types.js'

function onList(name: string, apply: (list: readonly Value[]) => Value): ScalarFunction {
  return {
    name,
    minArgs: 1,
    maxArgs: 1,
    call: ([value]) => {
      if (value === null || value === undefined) return null
      if (!Array.isArray(value)) throw invalidArgument(name, value, 'a List')
      return apply(value)
    },
  }
}

/** The largest list range() builds, so a typo cannot exhaust memory on every replica. */
const RANGE_SIZE_MAX = 50_000_000n

function range(start: bigint, end: bigint, step: bigint): bigint[] {
  if (step === 0n) throw argumentError('range', 'step must not be zero', 'NumberOutOfRange')
  const span = end - start
  const count = span !== 0n && span > 0n !== step > 0n ? 0n : span / step + 1n
  if (count > RANGE_SIZE_MAX) throw argumentError('range', `would build ${count} elements, more than ${RANGE_SIZE_MAX}`, 'NumberOutOfRange')
  const values: bigint[] = []
  for (let i = 0n; i < count; i++) values.push(checkedInteger(start + i * step, 'range'))
  return values
}

/** range() takes integers only; anything else is an ArgumentError, as Neo4j raises. */
function rangeBound(value: Value): bigint {
  if (typeof value === 'bigint') return value
  throw argumentError('range', `expects Integer arguments, got ${typeName(value)}`, 'InvalidArgumentType')
}

export const LIST_FUNCTIONS: readonly ScalarFunction[] = [
  onList('head', (list) => list[0] ?? null),
  onList('last', (list) => list[list.length - 1] ?? null),
  onList('tail', (list) => list.slice(1)),
  {
    name: 'size',
    minArgs: 1,
    maxArgs: 1,
    call: ([value]) => {
      if (value === null || value === undefined) return null
      if (typeof value === 'string') return BigInt(Array.from(value).length)
      if (Array.isArray(value)) return BigInt(value.length)
      throw invalidArgument('size', value, 'a String or a List')
    },
  },
  {
    name: 'length',
    minArgs: 1,
    maxArgs: 1,
    call: ([value]) => {
      if (value === null || value === undefined) return null
      if (value instanceof PathValue) return BigInt(value.relationships.length)
      throw invalidArgument('length', value, 'a Path')
    },
  },
  {
    name: 'range',
    minArgs: 2,
    maxArgs: 3,
    call: ([start, end, step]) => range(rangeBound(start ?? null), rangeBound(end ?? null), step === undefined ? 1n : rangeBound(step)),
  },
  {
    name: 'coalesce',
    minArgs: 1,
    maxArgs: Number.POSITIVE_INFINITY,
    call: (args) => args.find((value) => value !== null) ?? null,
  },
]
