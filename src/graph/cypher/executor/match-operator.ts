import { matchPath, type Anchor } from './pattern-matcher.js'
import type { CompiledPath } from './compile-pattern.js'
import type { Evaluator } from './evaluator.js'
import type { Operator, ScanDescription } from './operator.js'
import type { QueryContext } from './query-context.js'
import { extendRow, type Row, type RowStream } from './row.js'

export interface PlannedPart {
  readonly path: CompiledPath
  readonly anchor: Anchor
}

/**
 * MATCH and OPTIONAL MATCH: for each input row, every combination of matches of the parts
 * that passes WHERE. An optional match that finds nothing yields the row once with the new
 * variables set to null.
 */
export class MatchOperator implements Operator {
  readonly name: string
  constructor(
    readonly details: string,
    readonly scans: readonly ScanDescription[],
    private readonly parts: readonly PlannedPart[],
    private readonly where: Evaluator | undefined,
    private readonly optional: boolean,
    private readonly introduced: readonly string[],
  ) {
    this.name = optional ? 'OptionalMatch' : 'Match'
  }

  async *run(input: RowStream, context: QueryContext): RowStream {
    for await (const row of input) {
      let matched = false
      for await (const match of this.matchParts(0, row, context, new Set())) {
        if (this.where !== undefined && (await this.where(match, context)) !== true) continue
        matched = true
        yield match
      }
      if (!matched && this.optional) yield this.introduced.reduce((nulls, name) => (name in row ? nulls : extendRow(nulls, name, null)), row)
    }
  }

  private async *matchParts(index: number, row: Row, context: QueryContext, used: Set<number>): RowStream {
    const part = this.parts[index]
    if (part === undefined) {
      yield row
      return
    }
    for await (const match of matchPath(part.path, part.anchor, row, context, used)) {
      yield* this.matchParts(index + 1, match, context, used)
    }
  }
}
