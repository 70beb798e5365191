export type { FunctionContext, ScalarFunction } from './function-types.js'
export { findScalarFunction, resolveScalarFunction } from './scalar-functions.js'
export { findAggregateFunction, countRows, DistinctAggregator, type Aggregator, type AggregateFunction } from './aggregate-functions.js'
