/**
 * What the driver applies committed commands to: the graph database in a node, an append-only
 * list in tests. Calls never overlap; the driver makes them one at a time, in log order.
 */
export interface RaftStateMachine<Result = unknown> {
  /**
   * The index of the last command whose effects are durable (0 for a new state machine). The
   * driver reads it at start and never hands out a command at or below it again, so it must be
   * stored with the effects, in the same fsynced write.
   */
  readonly appliedIndex: number
  /**
   * Applies the command at `index`. Must be deterministic: every node gets the same result from
   * the same commands in the same order. What it returns (or throws) is the proposer's answer on
   * the leader; a throw counts as applied, since every node throws alike.
   */
  apply(index: number, data: string): Promise<Result>
  /** Streams the whole state as it stands; the driver calls it only while nothing is applied. */
  snapshot(): AsyncIterable<string>
  /**
   * Replaces the whole state with a snapshot's records, which hold every effect up to `index`.
   * appliedIndex may end below `index` when the last entries before it had no effect here
   * (noop and membership entries never reach the state machine); the driver allows for that.
   */
  restore(index: number, records: AsyncIterable<string>): Promise<void>
}
