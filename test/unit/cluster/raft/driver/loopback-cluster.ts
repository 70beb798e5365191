import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Level } from 'level'
import type { RaftEventName } from '../../../../../src/cluster/raft/config.js'
import { RaftDriver, type RaftDriverOptions } from '../../../../../src/cluster/raft/driver/raft-driver.js'
import { TcpRaftTransport } from '../../../../../src/cluster/raft/driver/tcp-raft-transport.js'
import { createSeededRng } from '../../../../../src/cluster/raft/rng.js'
import { SnapshotFiles, WalRaftStorage, type RaftStorage } from '../../../../../src/cluster/raft/storage/index.js'
import type { NodeId } from '../../../../../src/cluster/raft/types.js'
import type { TransportEnvironment } from '../../../../../src/cluster/transport/environment.js'
import { PeerClient } from '../../../../../src/cluster/transport/peer-client.js'
import { TransportServer } from '../../../../../src/cluster/transport/transport-server.js'
import { ListStateMachine, type ListLevel } from './support.js'

const CLUSTER_ID = 'raft-loopback'

/** The transport's world for these runs: the real clock, a seeded spread for reconnects, quiet logs. */
function environment(seed: number): TransportEnvironment {
  const random = createSeededRng(seed)
  return {
    clock: { now: () => Date.now() },
    random: () => random.nextInt(1_000_000) / 1_000_000,
    logger: { warn: () => undefined, info: () => undefined, debug: () => undefined },
    metrics: { rejectedFrame: () => undefined },
  }
}

export interface LoopbackOptions extends Partial<Pick<RaftDriverOptions<number>, 'snapshotThreshold' | 'snapshotChunkBytes' | 'tuning' | 'electionTimeoutMs' | 'heartbeatTimeoutMs'>> {
  /** false keeps the list in memory (the benchmark measures the log, not the list); default true. */
  readonly durableMachine?: boolean
  /** The Raft log's segment size; default the node's own (64 MiB). */
  readonly walSegmentBytes?: number
}

/** A node's cluster port, listening before its engine starts; `route` reaches the engine once it runs. */
interface Listening {
  readonly server: TransportServer
  readonly env: TransportEnvironment
  readonly seed: number
  readonly route: { transport: TcpRaftTransport | undefined }
}

/** One running node: its port, clients, durable log, snapshot files and durable list. */
interface RunningNode {
  readonly server: TransportServer
  readonly clients: Map<NodeId, PeerClient>
  readonly storage: RaftStorage
  readonly machineDb: ListLevel | undefined
  readonly machine: ListStateMachine
  readonly driver: RaftDriver<number>
}

/**
 * Real nodes in one process: each listens on 127.0.0.1 (a free port chosen once and kept across
 * restarts), dials the others with the real transport, and keeps its Raft log, snapshots and
 * state machine (a durable append-only list) under its own temp dir, so a node can be stopped
 * and started again from its disk.
 */
export class LoopbackCluster {
  readonly ids: readonly NodeId[]
  readonly #root: string
  readonly #options: LoopbackOptions
  readonly #ports = new Map<NodeId, number>()
  readonly #running = new Map<NodeId, RunningNode>()
  /** Every node's event lines (node, term and index in each), oldest first. */
  readonly events: { readonly node: NodeId; readonly event: RaftEventName; readonly line: string }[] = []
  #starts = 0

  private constructor(root: string, ids: readonly NodeId[], options: LoopbackOptions) {
    this.#root = root
    this.ids = ids
    this.#options = options
  }

  /** Starts every node: all listen first (each on a free port), then each dials the others. */
  static async start(ids: readonly NodeId[] = ['n1', 'n2', 'n3'], options: LoopbackOptions = {}): Promise<LoopbackCluster> {
    const cluster = new LoopbackCluster(await mkdtemp(join(process.env.RAFT_LOOPBACK_DIR ?? tmpdir(), 'nornic-raft-loopback-')), ids, options)
    try {
      const listening = new Map<NodeId, Listening>()
      for (const id of ids) listening.set(id, await cluster.#listen(id))
      for (const id of ids) await cluster.#startEngine(id, listening.get(id)!)
    } catch (error) {
      await cluster.close()
      throw error
    }
    return cluster
  }

  node(id: NodeId): RunningNode {
    const node = this.#running.get(id)
    if (node === undefined) throw new Error(`${id} is not running`)
    return node
  }

  isRunning(id: NodeId): boolean {
    return this.#running.has(id)
  }

  running(): RunningNode[] {
    return [...this.#running.values()]
  }

  leader(): RunningNode | undefined {
    const leaders = this.running().filter((node) => node.driver.status().role === 'leader')
    return leaders.length === 1 ? leaders[0] : undefined
  }

  /** Starts a stopped node again from its disk, on its old port. */
  async startNode(id: NodeId): Promise<void> {
    if (this.#running.has(id)) throw new Error(`${id} is already running`)
    await this.#startEngine(id, await this.#listen(id))
  }

  async #listen(id: NodeId): Promise<Listening> {
    const seed = ++this.#starts
    const env = environment(seed)
    const route: Listening['route'] = { transport: undefined }
    const server = new TransportServer({
      self: { nodeId: id, clusterId: CLUSTER_ID },
      bind: { host: '127.0.0.1', port: this.#ports.get(id) ?? 0 },
      env,
      handler: (frame) => (route.transport?.handlesType(frame.type) === true ? route.transport.handleFrame(frame) : undefined),
    })
    const { port } = await server.listen()
    this.#ports.set(id, port)
    return { server, env, seed, route }
  }

  async #startEngine(id: NodeId, { server, env, seed, route }: Listening): Promise<void> {
    const dir = join(this.#root, id)
    await mkdir(dir, { recursive: true })
    const self = { nodeId: id, clusterId: CLUSTER_ID }
    const clients = new Map<NodeId, PeerClient>()
    for (const peer of this.ids) {
      if (peer === id) continue
      const port = this.#ports.get(peer)!
      clients.set(peer, new PeerClient({ self, peer: { id: peer, host: '127.0.0.1', port }, env, reconnect: { baseMs: 20, maxMs: 200 } }))
    }
    const storage = new WalRaftStorage(join(dir, 'raft', 'wal'), this.#options.walSegmentBytes === undefined ? {} : { segmentBytes: this.#options.walSegmentBytes })
    const machineDb = this.#options.durableMachine === false ? undefined : (new Level<string, string>(join(dir, 'list')) as unknown as ListLevel)
    const machine = machineDb === undefined ? ListStateMachine.inMemory() : await ListStateMachine.onLevel(machineDb)
    const transport = new TcpRaftTransport({ self: id, peers: clients, logger: env.logger })
    route.transport = transport
    const driver = await RaftDriver.start<number>({
      id,
      storage,
      snapshots: new SnapshotFiles(join(dir, 'raft', 'snapshots')),
      stateMachine: machine,
      transport,
      bootstrap: { voters: [...this.ids].sort(), learners: [] },
      electionTimeoutMs: this.#options.electionTimeoutMs ?? 600,
      heartbeatTimeoutMs: this.#options.heartbeatTimeoutMs ?? 60,
      rng: createSeededRng(seed * 7919),
      onEvent: (event, line) => this.events.push({ node: id, event, line }),
      ...(this.#options.snapshotThreshold === undefined ? {} : { snapshotThreshold: this.#options.snapshotThreshold }),
      ...(this.#options.snapshotChunkBytes === undefined ? {} : { snapshotChunkBytes: this.#options.snapshotChunkBytes }),
      ...(this.#options.tuning === undefined ? {} : { tuning: this.#options.tuning }),
    })
    for (const client of clients.values()) client.start()
    this.#running.set(id, { server, clients, storage, machineDb, machine, driver })
  }

  /** Stops a node as a crash would leave it on disk: nothing more is written after this. */
  async stopNode(id: NodeId): Promise<void> {
    const node = this.node(id)
    this.#running.delete(id)
    await node.driver.stop()
    await Promise.all([...node.clients.values()].map((client) => client.close()))
    await node.server.close()
    await node.storage.close()
    await node.machineDb?.close()
  }

  async close(): Promise<void> {
    for (const id of [...this.#running.keys()]) await this.stopNode(id)
    await rm(this.#root, { recursive: true, force: true })
  }
}

/** Polls `condition` until it holds; fails after `timeoutMs`, generous for a loaded machine. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
