import type { Evaluator } from './evaluator.js'
import type { Operator } from './operator.js'
import type { QueryContext } from './query-context.js'
import { extendRow, type RowStream } from './row.js'

/** UNWIND: one row per element; null and the empty list give none; a non-list gives itself. */
export class UnwindOperator implements Operator {
  readonly name = 'Unwind'
  constructor(
    readonly details: string,
    private readonly list: Evaluator,
    private readonly variable: string,
  ) {}

  async *run(input: RowStream, context: QueryContext): RowStream {
    for await (const row of input) {
      const value = await this.list(row, context)
      if (value === null) continue
      if (!Array.isArray(value)) {
        yield extendRow(row, this.variable, value)
        continue
      }
      for (const element of value) yield extendRow(row, this.variable, element)
    }
  }
}
