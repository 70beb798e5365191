import { NornicError } from '../../../errors/index.js'
import { NodeValue, PathValue, RelationshipValue, type Value } from '../../values.js'
import { typeName } from '../values/index.js'
import type { CompiledPath } from './compile-pattern.js'
import type { Evaluator } from './evaluator.js'
import { createNode, createRelationship, deleteNode, deleteRelationship } from './graph-writes.js'
import { collectRows, type Operator, type ScanDescription } from './operator.js'
import { matchPath, type Anchor } from './pattern-matcher.js'
import { propertiesFrom, toPropertyMap } from './property-values.js'
import type { QueryContext } from './query-context.js'
import { extendRow, type Row, type RowStream } from './row.js'
import type { RowAction } from './set-items.js'

/**
 * Write clauses act as a whole when the statement reads the graph: each takes all its input
 * rows, makes all its changes, and only then yields, so a later clause never reads a graph
 * half-way through this one, and an earlier MATCH never sees what this clause creates. A
 * statement that never reads the graph (`UNWIND $rows AS r CREATE ...`) streams instead, in
 * flat memory.
 */
abstract class WriteOperator implements Operator {
  abstract readonly name: string
  abstract readonly details: string
  protected abstract readonly eager: boolean
  protected abstract write(row: Row, context: QueryContext): Promise<Row[]>

  async *run(input: RowStream, context: QueryContext): RowStream {
    if (!this.eager) {
      for await (const row of input) yield* await this.write(row, context)
      return
    }
    const output: Row[] = []
    for (const row of await collectRows(input)) output.push(...(await this.write(row, context)))
    yield* output
  }
}

/** Creates the unbound nodes and every relationship of the chains, binding their variables. */
export async function createPaths(paths: readonly CompiledPath[], row: Row, context: QueryContext): Promise<Row> {
  let current = row
  for (const path of paths) {
    const nodes: NodeValue[] = []
    for (const pattern of path.nodes) {
      const bound = pattern.variable === undefined ? undefined : current[pattern.variable]
      if (bound !== undefined) {
        if (!(bound instanceof NodeValue)) {
          throw new NornicError('Neo.ClientError.Statement.TypeError', `cannot create a relationship to ${typeName(bound)} \`${pattern.variable}\``, {})
        }
        nodes.push(context.current(bound))
        continue
      }
      const properties = pattern.properties === undefined ? {} : toPropertyMap(propertiesFrom(await pattern.properties(current, context), 'CREATE'))
      const node = await createNode(context, pattern.labels, properties)
      if (pattern.variable !== undefined) current = extendRow(current, pattern.variable, node)
      nodes.push(node)
    }
    const relationships: RelationshipValue[] = []
    for (const [i, pattern] of path.relationships.entries()) {
      const left = nodes[i]!
      const right = nodes[i + 1]!
      const [start, end] = pattern.direction === 'incoming' ? [right, left] : [left, right]
      const properties = pattern.properties === undefined ? {} : toPropertyMap(propertiesFrom(await pattern.properties(current, context), 'CREATE'))
      const relationship = await createRelationship(context, pattern.types[0]!, start, end, properties)
      if (pattern.variable !== undefined) current = extendRow(current, pattern.variable, relationship)
      relationships.push(relationship)
    }
    if (path.pathVariable !== undefined) current = extendRow(current, path.pathVariable, new PathValue(nodes, relationships))
  }
  return current
}

export class CreateOperator extends WriteOperator {
  readonly name = 'Create'
  constructor(
    readonly details: string,
    private readonly paths: readonly CompiledPath[],
    protected readonly eager: boolean,
  ) {
    super()
  }

  protected async write(row: Row, context: QueryContext): Promise<Row[]> {
    return [await createPaths(this.paths, row, context)]
  }
}

/** MERGE: every match of the chain (with ON MATCH applied), or else the chain created (with ON CREATE). */
export class MergeOperator extends WriteOperator {
  readonly name = 'Merge'
  /** MERGE reads the graph itself, so it always acts as a whole. */
  protected readonly eager = true
  constructor(
    readonly details: string,
    readonly scans: readonly ScanDescription[],
    private readonly path: CompiledPath,
    private readonly anchor: Anchor,
    private readonly onCreate: readonly RowAction[],
    private readonly onMatch: readonly RowAction[],
  ) {
    super()
  }

  protected async write(row: Row, context: QueryContext): Promise<Row[]> {
    const matches: Row[] = []
    for await (const match of matchPath(this.path, this.anchor, row, context, new Set())) matches.push(match)
    if (matches.length > 0) {
      for (const match of matches) for (const action of this.onMatch) await action(match, context)
      return matches
    }
    await this.checkNoNullProperties(row, context)
    const created = await createPaths([this.path], row, context)
    for (const action of this.onCreate) await action(created, context)
    return [created]
  }

  /** MERGE cannot create what it could never match again: a property set to null. */
  private async checkNoNullProperties(row: Row, context: QueryContext): Promise<void> {
    const patterns = [...this.path.nodes, ...this.path.relationships]
    for (const pattern of patterns) {
      if (pattern.properties === undefined) continue
      if (pattern.variable !== undefined && row[pattern.variable] !== undefined) continue
      const map = propertiesFrom(await pattern.properties(row, context), 'MERGE')
      const nullKey = Object.keys(map).find((key) => map[key] === null)
      if (nullKey !== undefined) {
        throw new NornicError(
          'Neo.ClientError.Statement.SemanticError',
          `Cannot merge the following node because of null property value for '${nullKey}'`,
          { key: nullKey, detail: 'MergeReadOwnWrites' },
        )
      }
    }
  }
}

/** SET and REMOVE: the items in order, for each row. */
export class UpdateOperator extends WriteOperator {
  constructor(
    readonly name: string,
    readonly details: string,
    private readonly actions: readonly RowAction[],
    protected readonly eager: boolean,
  ) {
    super()
  }

  protected async write(row: Row, context: QueryContext): Promise<Row[]> {
    for (const action of this.actions) await action(row, context)
    return [row]
  }
}

/**
 * DELETE and DETACH DELETE. Relationships go at once; nodes go when every row is done, so
 * `MATCH (n)-[r]-() DELETE n, r` works whatever order the rows come in.
 */
export class DeleteOperator implements Operator {
  readonly name: string
  constructor(
    readonly details: string,
    private readonly targets: readonly Evaluator[],
    private readonly detach: boolean,
  ) {
    this.name = detach ? 'DetachDelete' : 'Delete'
  }

  async *run(input: RowStream, context: QueryContext): RowStream {
    const rows = await collectRows(input)
    const nodes: number[] = []
    for (const row of rows) for (const target of this.targets) await this.deleteValue(await target(row, context), nodes, context)
    for (const id of nodes) await deleteNode(context, id, this.detach)
    yield* rows
  }

  private async deleteValue(value: Value, nodes: number[], context: QueryContext): Promise<void> {
    if (value === null) return
    if (value instanceof NodeValue) nodes.push(value.id)
    else if (value instanceof RelationshipValue) await deleteRelationship(context, value.id)
    else if (value instanceof PathValue) {
      for (const relationship of value.relationships) await deleteRelationship(context, relationship.id)
      for (const node of value.nodes) nodes.push(node.id)
    } else if (Array.isArray(value)) {
      for (const element of value as readonly Value[]) await this.deleteValue(element, nodes, context)
    } else {
      throw new NornicError('Neo.ClientError.Statement.TypeError', `DELETE expects a Node, Relationship or Path, got ${typeName(value)}`, {
        actual: typeName(value),
      })
    }
  }
}
