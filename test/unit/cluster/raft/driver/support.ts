import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AbstractBatchOperation, AbstractLevel } from 'abstract-level'
import { createSeededRng } from '../../../../../src/cluster/raft/rng.js'
import { MemoryRaftNetwork } from '../../../../../src/cluster/raft/driver/memory-raft-transport.js'
import { RaftDriver, type RaftDriverOptions } from '../../../../../src/cluster/raft/driver/raft-driver.js'
import type { ApplyOutcome, CommittedCommand, RaftStateMachine } from '../../../../../src/cluster/raft/driver/state-machine.js'
import type { Ticker } from '../../../../../src/cluster/raft/driver/timing.js'
import {
  SnapshotFiles, WalRaftStorage, type RaftStorage, type RaftStorageUpdate,
} from '../../../../../src/cluster/raft/storage/index.js'
import type { NodeId } from '../../../../../src/cluster/raft/types.js'

/** The level database under a durable list: string keys and values (classic-level or memory-level). */
export type ListLevel = AbstractLevel<string, string, string>

/** Small WAL segments for the tests' Raft logs: little to preallocate, and rollovers happen. */
export const TEST_WAL_SEGMENT_BYTES = 64 * 1024

/**
 * The state machine of the tests: an append-only list. With a level database it is durable
 * (items and the applied index in one fsynced batch), as the graph store is; without, it lives
 * in memory and survives a driver restart by being handed to the new driver.
 */
export class ListStateMachine implements RaftStateMachine<number> {
  items: string[] = []
  appliedIndex = 0
  /** Every index apply was called with, across restarts of the driver: never one twice. */
  readonly applyCalls: number[] = []
  /** `prepare <index>` and `apply <index>` as they were called, in order. */
  readonly calls: string[] = []
  restores = 0

  private constructor(private readonly db: ListLevel | undefined) {}

  static inMemory(): ListStateMachine {
    return new ListStateMachine(undefined)
  }

  static async onLevel(db: ListLevel): Promise<ListStateMachine> {
    const machine = new ListStateMachine(db)
    await db.open()
    machine.appliedIndex = Number((await db.get('applied')) ?? 0)
    for await (const value of db.values({ gte: 'item/', lt: 'item/~' })) machine.items.push(value)
    return machine
  }

  async apply(commands: readonly CommittedCommand[]): Promise<ApplyOutcome<number>[]> {
    const outcomes: ApplyOutcome<number>[] = []
    const operations: AbstractBatchOperation<ListLevel, string, string>[] = []
    for (const { index, data } of commands) {
      if (index <= this.appliedIndex) throw new Error(`apply(${index}) at or below applied ${this.appliedIndex}`)
      this.applyCalls.push(index)
      this.calls.push(`apply ${index}`)
      if (data.startsWith('fail:')) {
        outcomes.push({ ok: false, error: new Error(`refused ${data}`) })
        continue
      }
      this.items.push(data)
      this.appliedIndex = index
      operations.push({ type: 'put', key: itemKey(this.items.length), value: data })
      outcomes.push({ ok: true, value: this.items.length })
    }
    operations.push({ type: 'put', key: 'applied', value: String(this.appliedIndex) })
    await this.db?.batch(operations, { sync: true } as object)
    return outcomes
  }

  /** Records the call only: the list has nothing to work out ahead. */
  prepare({ index }: CommittedCommand): void {
    this.calls.push(`prepare ${index}`)
  }

  /** Every index persist was called with, in order. */
  readonly persisted: number[] = []

  async persist(index: number): Promise<void> {
    if (index < this.appliedIndex) throw new Error(`persist(${index}) below applied ${this.appliedIndex}`)
    this.persisted.push(index)
    this.appliedIndex = index
    await this.db?.put('applied', String(index), { sync: true } as object)
  }

  /** Set, a snapshot's records wait for it before the first one: the file is written slowly, beside the loop. */
  snapshotGate: Promise<void> | undefined
  snapshotsPinned = 0

  async snapshot(): Promise<AsyncIterable<string>> {
    const items = [...this.items]
    const gate = this.snapshotGate
    this.snapshotsPinned++
    return (async function* () {
      await gate
      yield* items
    })()
  }

  async restore(index: number, records: AsyncIterable<string>): Promise<void> {
    const items: string[] = []
    for await (const record of records) items.push(record)
    this.items = items
    this.appliedIndex = index
    this.restores++
    if (this.db !== undefined) {
      await this.db.clear()
      const operations: AbstractBatchOperation<ListLevel, string, string>[] = items.map((value, i) => ({ type: 'put', key: itemKey(i + 1), value }))
      operations.push({ type: 'put', key: 'applied', value: String(index) })
      await this.db.batch(operations, { sync: true } as object)
    }
  }
}

function itemKey(position: number): string {
  return 'item/' + position.toString().padStart(16, '0')
}

/** A ticker the test moves by hand; every driver of a cluster shares one. */
export class ManualTicker implements Ticker {
  readonly #listeners = new Set<() => void>()

  start(_tickMs: number, onTick: () => void): () => void {
    this.#listeners.add(onTick)
    return () => this.#listeners.delete(onTick)
  }

  tick(): void {
    for (const listener of [...this.#listeners]) listener()
  }

  get listeners(): number {
    return this.#listeners.size
  }
}

/** Storage that records each save, to see how proposals were batched; set, `saveGate` holds every save until it resolves. */
export class RecordingStorage implements RaftStorage {
  readonly saves: RaftStorageUpdate[] = []
  saveGate: Promise<void> | undefined
  constructor(readonly inner: RaftStorage) {}
  load = () => this.inner.load()
  compact: RaftStorage['compact'] = (snapshot, firstIndex) => this.inner.compact(snapshot, firstIndex)
  close = () => this.inner.close()
  async save(update: RaftStorageUpdate): Promise<void> {
    this.saves.push(update)
    await this.saveGate
    await this.inner.save(update)
  }
}

/** Lets queued deliveries (setImmediate) and the drivers' rounds run. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve))
}

export interface TestNode {
  readonly id: NodeId
  driver: RaftDriver<number>
  readonly machine: ListStateMachine
  readonly storage: RecordingStorage
  readonly snapshots: SnapshotFiles
}

export type ClusterOptions = Partial<Pick<RaftDriverOptions<number>, 'snapshotThreshold' | 'snapshotIntervalMs' | 'snapshotChunkBytes' | 'emptyAppendHoldMs' | 'tuning'>>

/** Three (or more) drivers over the in-memory network, with a hand-moved clock. */
export class TestCluster {
  readonly network = new MemoryRaftNetwork()
  readonly ticker = new ManualTicker()
  readonly nodes = new Map<NodeId, TestNode>()
  readonly #dir: string
  readonly #options: ClusterOptions
  readonly #ids: NodeId[]

  private constructor(dir: string, ids: NodeId[], options: ClusterOptions) {
    this.#dir = dir
    this.#ids = ids
    this.#options = options
  }

  static async start(ids: NodeId[] = ['n1', 'n2', 'n3'], options: ClusterOptions = {}): Promise<TestCluster> {
    const cluster = new TestCluster(await mkdtemp(join(tmpdir(), 'nornic-raft-driver-')), ids, options)
    for (const [i, id] of ids.entries()) {
      const storage = new RecordingStorage(new WalRaftStorage(join(cluster.#dir, id, 'wal'), { segmentBytes: TEST_WAL_SEGMENT_BYTES }))
      const node: TestNode = {
        id,
        storage,
        machine: ListStateMachine.inMemory(),
        snapshots: new SnapshotFiles(join(cluster.#dir, id, 'snapshots')),
        driver: undefined as unknown as RaftDriver<number>,
      }
      node.driver = await cluster.#startDriver(node, i + 1)
      cluster.nodes.set(id, node)
    }
    return cluster
  }

  node(id: NodeId): TestNode {
    const node = this.nodes.get(id)
    if (node === undefined) throw new Error(`no node ${id}`)
    return node
  }

  /** Stops a node's driver and starts a new one on the same storage, files and state machine. */
  async restart(id: NodeId, seed: number): Promise<void> {
    const node = this.node(id)
    await node.driver.stop()
    node.driver = await this.#startDriver(node, seed)
  }

  async #startDriver(node: TestNode, seed: number): Promise<RaftDriver<number>> {
    return RaftDriver.start<number>({
      id: node.id,
      storage: node.storage,
      snapshots: node.snapshots,
      stateMachine: node.machine,
      transport: this.network.transport(node.id),
      bootstrap: { voters: [...this.#ids].sort(), learners: [] },
      electionTimeoutMs: 1000,
      heartbeatTimeoutMs: 100,
      rng: createSeededRng(seed),
      ticker: this.ticker,
      ...this.#options,
    })
  }

  leaders(): TestNode[] {
    return [...this.nodes.values()].filter((node) => node.driver.status().role === 'leader')
  }

  /** Ticks every node until `condition` holds; fails after `maxTicks`. Returns the ticks it took. */
  async tickUntil(condition: () => boolean, what: string, maxTicks = 300): Promise<number> {
    for (let ticks = 0; ticks <= maxTicks; ticks++) {
      await this.settle()
      if (condition()) return ticks
      this.ticker.tick()
    }
    throw new Error(`no ${what} after ${maxTicks} ticks`)
  }

  /** Lets deliveries run and every driver finish its rounds (disk work included). */
  async settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await settle()
      await Promise.all([...this.nodes.values()].map((node) => node.driver.whenIdle()))
    }
  }

  async waitForLeader(): Promise<TestNode> {
    await this.tickUntil(() => this.leaders().length === 1 && this.#everyoneKnowsTheLeader(), 'single leader known to all')
    return this.leaders()[0]!
  }

  #everyoneKnowsTheLeader(): boolean {
    const leader = this.leaders()[0]?.id
    return [...this.nodes.values()].every((node) => node.driver.status().leader === leader)
  }

  followers(): TestNode[] {
    return [...this.nodes.values()].filter((node) => node.driver.status().role !== 'leader')
  }

  async close(): Promise<void> {
    for (const node of this.nodes.values()) {
      await node.driver.stop()
      await node.storage.close()
    }
    await rm(this.#dir, { recursive: true, force: true })
  }
}
