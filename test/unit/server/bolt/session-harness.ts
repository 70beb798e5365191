import assert from 'node:assert/strict'
import { StandaloneReplicator } from '../../../../src/cluster/standalone/standalone-replicator.js'
import type { ReplicationStatus } from '../../../../src/cluster/replicator.js'
import type { Statement } from '../../../../src/graph/command.js'
import { GraphDatabase, type ReadCursor } from '../../../../src/graph/database.js'
import { IdBlocks } from '../../../../src/graph/id-blocks.js'
import { BoltSession, type BoltBackend, type BoltCounters } from '../../../../src/server/bolt/bolt-session.js'
import type { BoltVersion } from '../../../../src/server/bolt/handshake.js'
import { decodeRequest, REQUEST_TAGS, ResponseBatch, type RequestName } from '../../../../src/server/bolt/messages.js'
import { MessageDechunker } from '../../../../src/server/bolt/chunking.js'
import { PackStreamWriter, Structure, unpackOne, type PackMap, type PackValue } from '../../../../src/server/bolt/packstream.js'

const NAMES: Record<number, string> = { 0x70: 'SUCCESS', 0x71: 'RECORD', 0x7e: 'IGNORED', 0x7f: 'FAILURE' }

export interface Response {
  readonly name: string
  readonly body: PackValue
}

export const names = (responses: readonly Response[]) => responses.map((r) => r.name)
export const body = (response: Response | undefined) => response!.body as PackMap

/** A session over a real in-memory graph and a standalone replicator whose proposals are recorded. */
export class Harness {
  readonly proposals: Statement[][] = []
  /** The consistency of every read barrier the session asked for, in order. */
  readonly barriers: string[] = []
  /** Every streamed read the session opened, to look at how far its plan ran. */
  readonly cursors: ReadCursor[] = []
  readonly counters: BoltCounters = { routeRequests: 0 }
  /** Makes the node report itself a follower of node-2, as a raft follower does. */
  follower = false
  /** Replaces fields of the replication status the session sees (mode, role, isLeader). */
  status: Partial<ReplicationStatus> = {}
  /** While set, a proposal waits for it before it is applied (a write in flight). */
  proposalGate: Promise<void> | undefined
  /** While set, a read barrier waits for it (a QUORUM read waiting for the leader). */
  barrierGate: Promise<void> | undefined
  bookmarkTimeoutMs = 200
  session!: BoltSession
  graph!: GraphDatabase
  replicator!: StandaloneReplicator

  async open(version: BoltVersion, credentials: BoltBackend['credentials'] = { user: 'admin', password: 'admin' }): Promise<this> {
    this.graph = await GraphDatabase.open({ memory: true })
    this.replicator = new StandaloneReplicator(this.graph, 'node-1', { now: () => 1_700_000_000_000 })
    await this.replicator.start()
    const replicator = this.replicator
    const graph = this.graph
    const backend: BoltBackend = {
      graph: {
        isWrite: (statements) => graph.isWrite(statements),
        begin: (ids) => graph.begin(ids),
        openRead: async (statement) => {
          const cursor = await graph.openRead(statement)
          this.cursors.push(cursor)
          return cursor
        },
      },
      replicator: {
        propose: async (request) => {
          this.proposals.push([...request.statements])
          await this.proposalGate
          return replicator.propose(request)
        },
        barrier: async (consistency) => {
          this.barriers.push(consistency)
          await this.barrierGate
          return replicator.barrier()
        },
        status: () => ({
          ...replicator.status(),
          ...(this.follower ? { isLeader: false, role: 'follower', primary: { id: 'node-2' } } : {}),
          ...this.status,
        }),
      },
      // Id reservations go straight to the replicator: `proposals` records the transactions' commands only.
      ids: new IdBlocks((reservation) => replicator.propose({ statements: [], reserveIds: reservation })),
      credentials,
      readConsistency: 'ONE',
      bookmarkTimeoutMs: this.bookmarkTimeoutMs,
      counters: this.counters,
    }
    this.session = new BoltSession(backend, version, 'bolt-test', '127.0.0.1:7687')
    return this
  }

  async close(): Promise<void> {
    await this.replicator?.stop()
    await this.graph?.close()
  }

  /** Sends one request through the real encoder and decoder; returns the responses it produced. */
  send(name: RequestName, ...fields: PackValue[]): Promise<Response[]> {
    const writer = new PackStreamWriter()
    writer.pack(new Structure(REQUEST_TAGS[name], fields))
    const batch = new ResponseBatch()
    return this.session.handle(decodeRequest(Buffer.from(writer.bytes())), batch).then(() =>
      new MessageDechunker(1 << 30).push(batch.take()).map((bytes) => {
        const message = unpackOne(bytes) as Structure
        return { name: NAMES[message.tag] ?? String(message.tag), body: message.fields[0] ?? null }
      }))
  }

  async authenticated(hello: PackMap = {}): Promise<this> {
    if (this.session.version.major === 5 && this.session.version.minor >= 1) {
      await this.send('HELLO', { user_agent: 'test/1', ...hello })
      await this.send('LOGON', { scheme: 'basic', principal: 'admin', credentials: 'admin' })
    } else {
      await this.send('HELLO', { user_agent: 'test/1', scheme: 'basic', principal: 'admin', credentials: 'admin', ...hello })
    }
    assert.equal(this.session.state, 'ready')
    return this
  }
}
