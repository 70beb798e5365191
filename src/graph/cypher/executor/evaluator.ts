import type { Value } from '../../values.js'
import type { QueryContext } from './query-context.js'
import type { Row } from './row.js'

/** A compiled expression: computes its value for one row. */
export type Evaluator = (row: Row, context: QueryContext) => Promise<Value>
