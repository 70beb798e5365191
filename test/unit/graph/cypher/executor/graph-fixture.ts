import type { QueryResult } from '../../../../../src/graph/command.js'
import { GraphDatabase } from '../../../../../src/graph/database.js'
import { NodeValue, RelationshipValue, type MapValue, type Value } from '../../../../../src/graph/values.js'

/** An in-memory database with the shorthand the executor tests use. */
export class GraphFixture {
  private index = 0
  private constructor(readonly db: GraphDatabase) {}

  static async open(): Promise<GraphFixture> {
    return new GraphFixture(await GraphDatabase.open({ memory: true }))
  }

  /** Applies one statement as the next write command. */
  async write(statement: string, parameters: MapValue = {}): Promise<QueryResult> {
    this.index++
    const results = await this.db.apply({ statements: [{ statement, parameters }], context: { index: this.index, timestamp: 1_000 + this.index } })
    if (results === undefined) throw new Error(`command ${this.index} was skipped`)
    return results[0]!
  }

  async read(statement: string, parameters: MapValue = {}): Promise<QueryResult> {
    const [result] = await this.db.read([{ statement, parameters }])
    return result!
  }

  /** The rows of a read, with nodes shown by their `name` property and relationships by type. */
  async rows(statement: string, parameters: MapValue = {}): Promise<unknown[][]> {
    const result = await this.read(statement, parameters)
    return result.rows.map((row) => row.map(simplify))
  }

  close(): Promise<void> {
    return this.db.close()
  }
}

export function simplify(value: Value): unknown {
  if (value instanceof NodeValue) return `(${value.properties['name'] ?? value.id})`
  if (value instanceof RelationshipValue) return `[:${value.type}]`
  if (Array.isArray(value)) return value.map(simplify)
  return value
}
