import { checkedInteger } from '../values/index.js'
import { expectInteger, expectNumber } from './argument-checks.js'
import type { ScalarFunction } from './function-types.js'

/** A float function of one number: integers are widened, null gives null. */
function onFloat(name: string, apply: (x: number) => number): ScalarFunction {
  return {
    name,
    minArgs: 1,
    maxArgs: 1,
    call: ([value]) => (value === null || value === undefined ? null : apply(expectNumber(name, value))),
  }
}

function constant(name: string, value: number): ScalarFunction {
  return { name, minArgs: 0, maxArgs: 0, call: () => value }
}

/** Half away from zero, as Cypher's round() (Java's HALF_UP) does; JS Math.round rounds -2.5 to -2. */
function roundHalfUp(x: number, precision: number): number {
  if (!Number.isFinite(x)) return x
  const scale = 10 ** precision
  const scaled = Math.abs(x) * scale
  const rounded = Math.floor(scaled + 0.5) / scale
  return x < 0 ? -rounded : rounded
}

export const MATH_FUNCTIONS: readonly ScalarFunction[] = [
  {
    name: 'abs',
    minArgs: 1,
    maxArgs: 1,
    call: ([value]) => {
      if (value === null || value === undefined) return null
      if (typeof value === 'bigint') return checkedInteger(value < 0n ? -value : value, 'abs')
      return Math.abs(expectNumber('abs', value))
    },
  },
  {
    name: 'sign',
    minArgs: 1,
    maxArgs: 1,
    call: ([value]) => {
      if (value === null || value === undefined) return null
      if (typeof value === 'bigint') return value > 0n ? 1n : value < 0n ? -1n : 0n
      return BigInt(Math.sign(expectNumber('sign', value)) || 0)
    },
  },
  {
    name: 'round',
    minArgs: 1,
    maxArgs: 2,
    call: ([value, precision]) => {
      if (value === null || value === undefined || precision === null) return null
      const digits = precision === undefined ? 0 : Number(expectInteger('round', precision))
      return roundHalfUp(expectNumber('round', value), digits)
    },
  },
  onFloat('floor', Math.floor),
  onFloat('ceil', Math.ceil),
  onFloat('sqrt', Math.sqrt),
  onFloat('exp', Math.exp),
  onFloat('log', Math.log),
  onFloat('log10', Math.log10),
  onFloat('sin', Math.sin),
  onFloat('cos', Math.cos),
  onFloat('tan', Math.tan),
  onFloat('cot', (x) => 1 / Math.tan(x)),
  onFloat('asin', Math.asin),
  onFloat('acos', Math.acos),
  onFloat('atan', Math.atan),
  onFloat('degrees', (x) => (x * 180) / Math.PI),
  onFloat('radians', (x) => (x * Math.PI) / 180),
  {
    name: 'isNaN',
    minArgs: 1,
    maxArgs: 1,
    call: ([value]) => (value === null || value === undefined ? null : Number.isNaN(expectNumber('isNaN', value))),
  },
  {
    name: 'atan2',
    minArgs: 2,
    maxArgs: 2,
    call: ([y, x]) => (y === null || x === null ? null : Math.atan2(expectNumber('atan2', y ?? null), expectNumber('atan2', x ?? null))),
  },
  constant('pi', Math.PI),
  constant('e', Math.E),
  { name: 'rand', minArgs: 0, maxArgs: 0, call: (_args, context) => context.random() },
]
