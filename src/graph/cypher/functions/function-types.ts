import type { NodeValue, RelationshipValue, Value } from '../../values.js'

/** What a scalar function may read beyond its arguments. */
export interface FunctionContext {
  /** Milliseconds since the epoch, fixed by the command (or the read) so replicas agree. */
  readonly timestamp: number
  /**
   * A float in [0, 1) from a generator seeded by the statement's context, so rand() gives the
   * same sequence on every replica that applies the same command.
   */
  random(): number
  getNode(id: number): Promise<NodeValue | undefined>
  /** Throws EntityNotFound when the statement deleted this node or relationship earlier. */
  assertNotDeleted(entity: NodeValue | RelationshipValue): void
}

export interface ScalarFunction {
  readonly name: string
  readonly minArgs: number
  readonly maxArgs: number
  call(args: readonly Value[], context: FunctionContext): Value | Promise<Value>
}
