/** A committed command for the state machine: the log index it was committed at, and its bytes. */
export interface CommittedCommand {
  readonly index: number
  readonly data: string
}

/** How one command ended: the state machine's result, or the error every replica meets alike. */
export type ApplyOutcome<Result> = { readonly ok: true; readonly value: Result } | { readonly ok: false; readonly error: Error }

/**
 * What the driver applies committed commands to: the graph database in a node, an append-only
 * list in tests. Calls never overlap; the driver makes them one at a time, in log order.
 */
export interface RaftStateMachine<Result = unknown> {
  /**
   * The index of the last command whose effects are durable (0 for a new state machine). The
   * driver reads it at start and never hands out a command at or below it again, so it must be
   * stored with the effects, in the same write.
   */
  readonly appliedIndex: number
  /**
   * Applies committed commands, in index order, as one unit of work (one write to disk for all of
   * them is the point: the driver hands over everything committed since the last call). Must be
   * deterministic: every node gets the same outcomes from the same commands in the same order.
   * Returns one outcome per command, in order; a command whose outcome is an error counts as
   * applied, since every node fails it alike. Throwing means the state machine could not record
   * the commands at all (a broken disk): the driver stops.
   */
  apply(commands: readonly CommittedCommand[]): Promise<ApplyOutcome<Result>[]>
  /**
   * A command this node just appended as leader, not yet committed, next in line to apply (every
   * entry before it is applied and nothing is being applied). The state machine may work out its
   * effects now, while the followers write it, to apply it sooner once it commits. Whatever it
   * keeps must not change what apply does: the entry that commits at this index may be another
   * (leadership changed hands), and apply must answer for the entry it gets, as it always would.
   */
  prepare?(command: CommittedCommand): void
  /**
   * Makes every effect applied so far durable and records `index` as applied, so that the log
   * up to it may be forgotten. The driver calls it only while nothing is being applied, with every
   * entry up to `index` applied (those after the last command had no effect here); it must take
   * the state as it stands at the call, while applying goes on once the call has returned.
   */
  persist(index: number): Promise<void>
  /**
   * Pins the whole state as it stands (the driver calls it only while nothing is being applied)
   * and returns its records, which the driver then reads to the end while applying goes on.
   */
  snapshot(): Promise<AsyncIterable<string>>
  /**
   * Replaces the whole state with a snapshot's records, which hold every effect up to `index`,
   * and records `index` as applied, durably.
   */
  restore(index: number, records: AsyncIterable<string>): Promise<void>
}
