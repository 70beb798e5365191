import type { QueryResult, Statement, WriteCommand } from '../../src/graph/command.js'
import type { MapValue } from '../../src/graph/values.js'

/**
 * What the runner needs of the engine under test: the part of GraphDatabase
 * (src/graph/database.ts) a node uses to route one statement. Tests hand in a fake.
 */
export interface TckDatabase {
  /** Throws a NornicError (SyntaxError, ...) when the statements do not compile. */
  isWrite(statements: Statement[]): boolean
  read(statements: Statement[]): Promise<QueryResult[]>
  /** Atomic; undefined when the command's index was already applied. */
  apply(command: WriteCommand): Promise<QueryResult[] | undefined>
  close(): Promise<void> | void
}

export type OpenDatabase = () => Promise<TckDatabase>

/** Any fixed instant will do: the TCK has no scenario that depends on the clock's value. */
const COMMAND_TIMESTAMP_MS = Date.UTC(2026, 0, 1)

/**
 * Runs queries the way a standalone node does: a write becomes a command with the next log
 * index (1, 2, 3, ...) and a fixed timestamp; anything else is a local read.
 */
export class TckSession {
  private nextIndex = 1

  constructor(private readonly database: TckDatabase) {}

  async run(query: string, parameters: MapValue = {}): Promise<QueryResult> {
    const statements: Statement[] = [{ statement: query, parameters }]
    const results = this.database.isWrite(statements)
      ? await this.database.apply({ statements, context: { index: this.nextIndex++, timestamp: COMMAND_TIMESTAMP_MS } })
      : await this.database.read(statements)
    if (results === undefined) throw new Error(`the engine skipped write command ${this.nextIndex - 1} as already applied`)
    const [result] = results
    if (result === undefined) throw new Error('the engine returned no result for the statement')
    return result
  }
}
