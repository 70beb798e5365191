import type { GraphDatabase } from '../../graph/database.js'
import type { QueryResult, WriteRequest } from '../../graph/command.js'
import type { Clock } from '../clock.js'
import type { ReplicationStatus, Replicator } from '../replicator.js'

/**
 * A single node: a write is applied locally as the next command. Commands are numbered one after the
 * other by a queue, so indexes stay dense even when requests overlap.
 */
export class StandaloneReplicator implements Replicator {
  #queue: Promise<unknown> = Promise.resolve()
  #running = false

  constructor(
    private readonly graph: Pick<GraphDatabase, 'apply' | 'appliedIndex'>,
    private readonly nodeId: string,
    private readonly clock: Clock,
  ) {}

  async start(): Promise<void> {
    this.#running = true
  }

  async stop(): Promise<void> {
    this.#running = false
    await this.#queue.catch(() => undefined)
  }

  propose(request: WriteRequest): Promise<QueryResult[]> {
    const applied = this.#queue.then(async () => {
      const context = { index: this.graph.appliedIndex + 1, timestamp: this.clock.now() }
      const results = await this.graph.apply({ ...request, context })
      if (results === undefined) throw new Error(`command ${context.index} was skipped as already applied`)
      return results
    })
    this.#queue = applied.catch(() => undefined)
    return applied
  }

  async barrier(): Promise<void> {}

  status(): ReplicationStatus {
    const appliedIndex = this.graph.appliedIndex
    return {
      mode: 'standalone',
      nodeId: this.nodeId,
      role: 'standalone',
      isLeader: true,
      state: this.#running ? 'ready' : 'stopped',
      commitIndex: appliedIndex,
      appliedIndex,
      peers: [],
    }
  }
}
