import { NornicError } from '../../../errors/index.js'
import type { Value } from '../../values.js'
import { add, equivalenceKey, isNumber, orderValues, typeName } from '../values/index.js'
import { argumentError, expectNumber } from './argument-checks.js'

/**
 * One group's running aggregate. `add` sees every row of the group in order; nulls are skipped
 * before it is called (every Cypher aggregate ignores null), except by count(*).
 * `extra` holds the arguments after the first, e.g. the percentile of percentileDisc.
 */
export interface Aggregator {
  add(value: Value, extra: readonly Value[]): void
  result(): Value
}

export interface AggregateFunction {
  readonly name: string
  readonly minArgs: number
  readonly maxArgs: number
  create(): Aggregator
}

class CountAggregator implements Aggregator {
  private count = 0n
  add(): void {
    this.count++
  }
  result(): Value {
    return this.count
  }
}

class SumAggregator implements Aggregator {
  private sum: Value = 0n
  add(value: Value): void {
    if (!isNumber(value)) throw numericExpected('sum', value)
    this.sum = add(this.sum, value)
  }
  result(): Value {
    return this.sum
  }
}

class AverageAggregator implements Aggregator {
  private total = 0
  private count = 0
  add(value: Value): void {
    if (!isNumber(value)) throw numericExpected('avg', value)
    this.total += Number(value)
    this.count++
  }
  result(): Value {
    return this.count === 0 ? null : this.total / this.count
  }
}

class ExtremeAggregator implements Aggregator {
  private best: Value = null
  constructor(private readonly sign: 1 | -1) {}
  add(value: Value): void {
    if (this.best === null || this.sign * orderValues(value, this.best) > 0) this.best = value
  }
  result(): Value {
    return this.best
  }
}

class CollectAggregator implements Aggregator {
  private readonly values: Value[] = []
  add(value: Value): void {
    this.values.push(value)
  }
  result(): Value {
    return this.values
  }
}

class PercentileAggregator implements Aggregator {
  private readonly values: number[] = []
  private percentile = 0
  /** percentileDisc returns one of its inputs, so an all-integer input gives an integer. */
  private integers = true
  constructor(private readonly name: string, private readonly continuous: boolean) {}
  add(value: Value, extra: readonly Value[]): void {
    const percentile = expectNumber(this.name, extra[0] ?? null)
    if (!(percentile >= 0 && percentile <= 1)) {
      throw argumentError(this.name, `percentile must be between 0.0 and 1.0, got ${percentile}`, 'NumberOutOfRange')
    }
    this.percentile = percentile
    this.values.push(expectNumber(this.name, value))
    this.integers = this.integers && typeof value === 'bigint'
  }
  result(): Value {
    if (this.values.length === 0) return null
    const sorted = [...this.values].sort((a, b) => a - b)
    if (!this.continuous) {
      const index = this.percentile === 0 ? 0 : Math.ceil(this.percentile * sorted.length) - 1
      const value = sorted[index] ?? 0
      return this.integers ? BigInt(value) : value
    }
    const position = this.percentile * (sorted.length - 1)
    const lower = Math.floor(position)
    const fraction = position - lower
    const low = sorted[lower] ?? 0
    return fraction === 0 ? low : low + ((sorted[lower + 1] ?? low) - low) * fraction
  }
}

class DeviationAggregator implements Aggregator {
  private readonly values: number[] = []
  constructor(private readonly population: boolean) {}
  add(value: Value): void {
    this.values.push(expectNumber(this.population ? 'stDevP' : 'stDev', value))
  }
  result(): Value {
    const count = this.values.length
    const divisor = this.population ? count : count - 1
    if (divisor <= 0) return 0
    const mean = this.values.reduce((a, b) => a + b, 0) / count
    return Math.sqrt(this.values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / divisor)
  }
}

function numericExpected(name: string, value: Value): NornicError {
  return new NornicError('Neo.ClientError.Statement.TypeError', `${name}() expects numbers, got ${typeName(value)}`, {
    function: name,
    actual: typeName(value),
  })
}

/** Feeds only the first row of each distinct value to the wrapped aggregator. */
export class DistinctAggregator implements Aggregator {
  private readonly seen = new Set<string>()
  constructor(private readonly inner: Aggregator) {}
  add(value: Value, extra: readonly Value[]): void {
    const key = equivalenceKey(value)
    if (this.seen.has(key)) return
    this.seen.add(key)
    this.inner.add(value, extra)
  }
  result(): Value {
    return this.inner.result()
  }
}

function aggregate(name: string, create: () => Aggregator, maxArgs = 1): AggregateFunction {
  return { name, minArgs: 1, maxArgs, create }
}

const AGGREGATE_FUNCTIONS: ReadonlyMap<string, AggregateFunction> = new Map(
  [
    aggregate('count', () => new CountAggregator()),
    aggregate('sum', () => new SumAggregator()),
    aggregate('avg', () => new AverageAggregator()),
    aggregate('min', () => new ExtremeAggregator(-1)),
    aggregate('max', () => new ExtremeAggregator(1)),
    aggregate('collect', () => new CollectAggregator()),
    aggregate('percentileDisc', () => new PercentileAggregator('percentileDisc', false), 2),
    aggregate('percentileCont', () => new PercentileAggregator('percentileCont', true), 2),
    aggregate('stDev', () => new DeviationAggregator(false)),
    aggregate('stDevP', () => new DeviationAggregator(true)),
  ].map((f) => [f.name.toLowerCase(), f]),
)

export function findAggregateFunction(name: string): AggregateFunction | undefined {
  return AGGREGATE_FUNCTIONS.get(name.toLowerCase())
}

/** count(*) counts rows, nulls and all. */
export function countRows(): Aggregator {
  return new CountAggregator()
}
