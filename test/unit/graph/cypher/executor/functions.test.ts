import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { NornicError } from '../../../../../src/errors/index.js'
import { DistinctAggregator, findAggregateFunction, resolveScalarFunction, type FunctionContext } from '../../../../../src/graph/cypher/functions/index.js'
import type { Value } from '../../../../../src/graph/values.js'

const context: FunctionContext = { timestamp: 1_700_000_000_000, random: () => 0.25, getNode: async () => undefined, assertNotDeleted: () => {} }

function call(name: string, ...args: Value[]): Value | Promise<Value> {
  return resolveScalarFunction(name, args.length).call(args, context)
}

function errorCode(code: string) {
  return (error: unknown) => error instanceof NornicError && error.code === code
}

function aggregate(name: string, values: Value[], extra: Value[] = [], distinct = false): Value {
  const base = findAggregateFunction(name)?.create()
  assert.ok(base)
  const aggregator = distinct ? new DistinctAggregator(base) : base
  for (const value of values) if (value !== null) aggregator.add(value, extra)
  return aggregator.result()
}

describe('scalar functions', () => {
  it('finds functions whatever the case of their name', () => {
    assert.equal(call('TOUPPER', 'ab'), 'AB')
    assert.equal(call('toLower', 'AB'), 'ab')
  })
  it('names an unknown function and checks the argument count', () => {
    assert.throws(() => resolveScalarFunction('nope', 1), /nope/)
    assert.throws(() => resolveScalarFunction('toUpper', 2), /toUpper/)
  })
  it('works on strings', () => {
    assert.equal(call('substring', 'hello', 1n, 3n), 'ell')
    assert.equal(call('substring', 'hello', 2n), 'llo')
    assert.equal(call('replace', 'aXbX', 'X', '-'), 'a-b-')
    assert.deepEqual(call('split', 'a,b,,c', ','), ['a', 'b', '', 'c'])
    assert.equal(call('left', 'hello', 2n), 'he')
    assert.equal(call('right', 'hello', 2n), 'lo')
    assert.equal(call('reverse', 'abc'), 'cba')
    assert.equal(call('trim', '  a  '), 'a')
    assert.equal(call('ltrim', '  a  '), 'a  ')
    assert.equal(call('rtrim', '  a  '), '  a')
    assert.equal(call('toUpper', null), null)
  })
  it('works on numbers', () => {
    assert.equal(call('abs', -3n), 3n)
    assert.equal(call('sign', -2.5), -1n)
    assert.equal(call('round', 2.5), 3)
    assert.equal(call('round', -2.5), -3)
    assert.equal(call('floor', 2.7), 2)
    assert.equal(call('ceil', 2.1), 3)
    assert.equal(call('sqrt', 16n), 4)
    assert.equal(call('log10', 100n), 2)
    assert.equal(call('rand'), 0.25)
  })
  it('converts types, giving null for text it cannot read and TypeError for types it cannot take', () => {
    assert.equal(call('toInteger', '42'), 42n)
    assert.equal(call('toInteger', '4.7'), 4n)
    assert.equal(call('toInteger', 'x'), null)
    assert.equal(call('toFloat', '1.5'), 1.5)
    assert.equal(call('toFloat', 2n), 2)
    assert.equal(call('toBoolean', 'TRUE'), true)
    assert.equal(call('toBoolean', ' tru '), null)
    assert.equal(call('toString', 1.0), '1.0')
    assert.equal(call('toString', 42n), '42')
    assert.throws(() => call('toBoolean', 1.0), errorCode('Neo.ClientError.Statement.TypeError'))
    assert.throws(() => call('toInteger', [1n]), errorCode('Neo.ClientError.Statement.TypeError'))
  })
  it('works on lists', () => {
    assert.deepEqual(call('range', 1n, 5n, 2n), [1n, 3n, 5n])
    assert.deepEqual(call('range', 3n, 1n, -1n), [3n, 2n, 1n])
    assert.deepEqual(call('range', 1n, 0n), [])
    assert.throws(() => call('range', 1n, 2n, 0n), errorCode('Neo.ClientError.Statement.ArgumentError'))
    assert.equal(call('head', [1n, 2n]), 1n)
    assert.equal(call('last', [1n, 2n]), 2n)
    assert.deepEqual(call('tail', [1n, 2n]), [2n])
    assert.equal(call('head', []), null)
    assert.equal(call('size', 'héllo'), 5n)
    assert.equal(call('coalesce', null, 2n, 3n), 2n)
  })
  it('reads the command timestamp, never the local clock', () => {
    assert.equal(call('timestamp'), 1_700_000_000_000n)
  })
})

describe('aggregate functions', () => {
  it('count, sum, avg, min, max, collect ignore nulls', () => {
    const values = [1n, null, 3n, 2n]
    assert.equal(aggregate('count', values), 3n)
    assert.equal(aggregate('sum', values), 6n)
    assert.equal(aggregate('avg', values), 2)
    assert.equal(aggregate('min', values), 1n)
    assert.equal(aggregate('max', values), 3n)
    assert.deepEqual(aggregate('collect', values), [1n, 3n, 2n])
  })
  it('gives 0 for an empty sum and null for an empty avg, min and max', () => {
    assert.equal(aggregate('sum', []), 0n)
    assert.equal(aggregate('avg', []), null)
    assert.equal(aggregate('max', []), null)
  })
  it('counts distinct values by equivalence', () => {
    assert.equal(aggregate('count', [1n, 1.0, 2n, 2n], [], true), 2n)
  })
  it('computes percentiles and standard deviation', () => {
    assert.equal(aggregate('percentileDisc', [10n, 20n, 30n], [0.5]), 20n)
    assert.equal(aggregate('percentileCont', [10n, 20n, 30n, 40n], [0.5]), 25)
    assert.throws(() => aggregate('percentileDisc', [1n], [1.5]), errorCode('Neo.ClientError.Statement.ArgumentError'))
    assert.equal(aggregate('stDevP', [2n, 4n, 4n, 4n, 5n, 5n, 7n, 9n]), 2)
  })
  it('raises ArithmeticError when an integer sum overflows', () => {
    assert.throws(() => aggregate('sum', [2n ** 62n, 2n ** 62n]), errorCode('Neo.ClientError.Statement.ArithmeticError'))
  })
})
