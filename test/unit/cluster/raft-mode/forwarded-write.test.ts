import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { pino } from 'pino'
import type { Replicator } from '../../../../src/cluster/replicator.js'
import { resolveSettings } from '../../../../src/config/index.js'
import type { WriteCommand, WriteRequest } from '../../../../src/graph/command.js'
import { GraphDatabase } from '../../../../src/graph/database.js'
import { createReplicator } from '../../../../src/server/replicator-factory.js'
import { freePort } from '../../../e2e/support/free-port.js'
import { until } from '../standby/ha-pair.js'

interface Member {
  readonly id: string
  readonly graph: GraphDatabase
  readonly replicator: Replicator
  /** Every command the Raft state machine handed this member's graph, in order. */
  readonly applied: WriteCommand[]
}

/** A graph that records what it is asked to apply, then applies it. */
async function recordingGraph(applied: WriteCommand[]): Promise<GraphDatabase> {
  const graph = await GraphDatabase.open({ memory: true })
  const applyAll = graph.applyAll.bind(graph)
  graph.applyAll = (commands, options) => {
    applied.push(...commands)
    return applyAll(commands, options)
  }
  return graph
}

// DESIGN.md (raft-mode), "Writes": a follower forwards the whole request and the leader logs it
// unchanged, so every member's graph gets the same command.
describe('raft mode carries a whole write request', () => {
  const dirs: string[] = []
  const members: Member[] = []

  before(async () => {
    const ports = [await freePort(), await freePort()]
    const ids = ['node-1', 'node-2']
    for (const [position, id] of ids.entries()) {
      const dir = await mkdtemp(join(tmpdir(), `nornic-raft-forward-${id}-`))
      dirs.push(dir)
      const other = 1 - position
      const { settings } = resolveSettings({
        flags: {},
        env: {
          NORNICDB_DATA_DIR: dir, NORNICDB_CLUSTER_MODE: 'raft', NORNICDB_CLUSTER_NODE_ID: id,
          NORNICDB_CLUSTER_BIND_ADDR: `127.0.0.1:${ports[position]}`,
          NORNICDB_CLUSTER_RAFT_PEERS: `${ids[other]}:127.0.0.1:${ports[other]}`,
          NORNICDB_CLUSTER_RAFT_BOOTSTRAP: String(position === 0),
          NORNICDB_CLUSTER_RAFT_ELECTION_TIMEOUT: '300ms', NORNICDB_CLUSTER_RAFT_HEARTBEAT_TIMEOUT: '50ms',
          NORNICDB_LISTEN_HOST: '127.0.0.1', NORNICDB_HTTP_PORT: '7474',
        },
      })
      const applied: WriteCommand[] = []
      const graph = await recordingGraph(applied)
      const replicator = await createReplicator({ settings, graph, nodeId: id, logger: pino({ level: 'silent' }), transportMetrics: { rejectedFrame: () => undefined } })
      members.push({ id, graph, replicator, applied })
    }
    for (const member of members) await member.replicator.start()
  })

  after(async () => {
    for (const member of members) await member.replicator.stop()
    for (const member of members) await member.graph.close()
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
  })

  it('a follower\'s request reaches every graph with its expected run and id reservation intact', async () => {
    const leader = await until('a leader', () => members.find((member) => member.replicator.status().isLeader))
    const follower = members.find((member) => member !== leader)!
    await until('the follower to know the leader', () => follower.replicator.status().primary !== undefined || undefined)
    const statements = [{ statement: 'CREATE (:Forwarded {n: $n})', parameters: { n: 1n } }]
    const requests: WriteRequest[] = [
      { statements: [], reserveIds: { nodes: 64, relationships: 16 } },
      // Digests no run could give: the graph may refuse it as outdated, but it must see the expected run.
      { statements, expected: { timestamp: 1, seed: 2, nodeIds: [[900, '4:x:900']], relationshipIds: [], digests: ['no such digest'] } },
      { statements },
    ]
    for (const request of requests) await follower.replicator.propose(request).catch(() => undefined)
    const strip = ({ context: _context, ...request }: WriteCommand): WriteRequest => request
    for (const member of members) {
      const applied = await until(`${member.id} to apply the three writes`, () => (member.applied.length >= requests.length ? member.applied : undefined))
      assert.deepEqual(applied.map(strip), requests, `${member.id} got each request unchanged`)
      assert.deepEqual(Object.keys(applied[2]!).sort(), ['context', 'statements'], 'a plain write gains no empty fields')
    }
    assert.deepEqual(leader.applied.map((command) => command.context), follower.applied.map((command) => command.context))
  })
})
