import { asError } from '../../errors/index.js'
import type { QueryResult, WriteCommand } from '../../graph/command.js'
import type { GraphDatabase, SnapshotChunk } from '../../graph/database.js'
import type { ApplyOutcome, CommittedCommand, RaftStateMachine } from '../raft/driver/state-machine.js'
import type { AddressBook, AddressBookRecord } from './address-book.js'
import { decodeCommand, type RaftCommand } from './raft-command.js'

/** One snapshot record: the address book first, then the graph's chunks in order. */
type SnapshotRecord = AddressBookRecord | { readonly graph: SnapshotChunk }

/**
 * The graph as the Raft driver's state machine. A write entry becomes the graph command
 * {statements, expected?, reserveIds?, context: {index, timestamp}}: the request as the client made
 * it, the index the entry's, the timestamp the one the leader fixed, so every replica applies the
 * same command and ends with the same graph.
 */
export class GraphStateMachine implements RaftStateMachine<QueryResult[]> {
  /** Bytes of commands applied here since start (nornicdb_replication_bytes_total). */
  appliedBytes = 0
  /** The write prepare ran ahead, with the entry it came from. */
  #prepared: { readonly index: number; readonly data: string; readonly write: WriteCommand } | undefined

  constructor(
    private readonly graph: Pick<GraphDatabase, 'applyAll' | 'appliedIndex' | 'openSnapshot' | 'persistApplied' | 'prepare' | 'restore'>,
    private readonly addresses: AddressBook,
  ) {}

  get appliedIndex(): number {
    return this.graph.appliedIndex
  }

  /**
   * Runs a write the leader just appended on the graph ahead of its commit. Its apply then stores
   * the effects worked out here instead of running the statements again, if the entry that
   * commits holds the same bytes: the same command at the same index, on the same state, gives
   * the same effects, whoever proposed it.
   */
  prepare({ index, data }: CommittedCommand): void {
    this.#prepared = undefined
    let command: RaftCommand
    try {
      command = decodeCommand(data)
    } catch {
      return
    }
    if (command.kind !== 'write') return
    const write = graphWrite(command, index)
    this.#prepared = { index, data, write }
    // A failure only means the apply runs the write itself, and meets the same failure if it lasts.
    this.graph.prepare(write).catch(() => undefined)
  }

  /**
   * Applies the writes between two member records as one graph batch: a round of the driver
   * commits many writes at once, and one level batch for all of them costs little more than one.
   */
  async apply(commands: readonly CommittedCommand[]): Promise<ApplyOutcome<QueryResult[]>[]> {
    const prepared = this.#prepared
    this.#prepared = undefined
    const outcomes: ApplyOutcome<QueryResult[]>[] = []
    let writes: WriteCommand[] = []
    const flushWrites = async (): Promise<void> => {
      if (writes.length === 0) return
      // The raft log is fsynced before an entry commits, and the driver replays it from the graph's
      // applied index on start (or restores the snapshot file first when the graph is behind it), so
      // a second fsync here would only halve throughput.
      const applied = await this.graph.applyAll(writes, { fsync: false })
      // undefined means the graph already held this index; the driver never hands such an entry out.
      for (const outcome of applied) outcomes.push(outcome === undefined || outcome.ok ? { ok: true, value: outcome?.results ?? [] } : { ok: false, error: asError(outcome.error) })
      writes = []
    }
    for (const { index, data } of commands) {
      this.appliedBytes += data.length
      if (index === prepared?.index && data === prepared.data) {
        writes.push(prepared.write)
        continue
      }
      let command: RaftCommand
      try {
        command = decodeCommand(data)
      } catch (error) {
        await flushWrites()
        outcomes.push({ ok: false, error: asError(error) })
        continue
      }
      if (command.kind === 'write') {
        writes.push(graphWrite(command, index))
        continue
      }
      await flushWrites()
      await this.addresses.record(command.id, command)
      outcomes.push({ ok: true, value: [] })
    }
    await flushWrites()
    return outcomes
  }

  /** The address book is written durably as each record is applied; the graph is flushed here. */
  persist(index: number): Promise<void> {
    return this.graph.persistApplied(index)
  }

  async snapshot(): Promise<AsyncIterable<string>> {
    const addresses = JSON.stringify(this.addresses.toJSON() satisfies SnapshotRecord)
    const graph = await this.graph.openSnapshot()
    return (async function* () {
      yield addresses
      for await (const chunk of graph) yield JSON.stringify({ graph: chunk } satisfies SnapshotRecord)
    })()
  }

  async restore(index: number, records: AsyncIterable<string>): Promise<void> {
    const addresses = this.addresses
    async function* graphChunks(): AsyncIterable<SnapshotChunk> {
      for await (const text of records) {
        const record = JSON.parse(text) as SnapshotRecord
        if ('addresses' in record) await addresses.replace(record)
        else yield record.graph
      }
    }
    await this.graph.restore(graphChunks())
    // The graph's own index is its last write's, which entries with no effect here may follow.
    await this.graph.persistApplied(index)
  }
}

/** The graph command of a write entry: the client's request, with the entry's index and the leader's timestamp. */
function graphWrite(command: Extract<RaftCommand, { kind: 'write' }>, index: number): WriteCommand {
  return { ...command.request, context: { index, timestamp: command.timestamp } }
}
