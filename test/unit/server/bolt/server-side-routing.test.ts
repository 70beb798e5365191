import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import neo4j from 'neo4j-driver'
import type { ReplicationStatus } from '../../../../src/cluster/replicator.js'
import { StandaloneReplicator } from '../../../../src/cluster/standalone/standalone-replicator.js'
import { GraphDatabase } from '../../../../src/graph/database.js'
import { startBoltServer, type BoltServer } from '../../../../src/server/bolt/bolt-server.js'
import { body, Harness } from './session-harness.js'

const SESSIONS = 20

// neo4j-driver 6 (connection-provider-routing.js): when every pooled connection's HELLO announced
// `ssr.enabled`, a session that names no database reuses the cached home database and routing
// table instead of sending ROUTE first. A node announces it only when any write sent to it runs
// there or is forwarded from there.
describe('the ssr.enabled hint in HELLO', () => {
  const harnesses: Harness[] = []
  afterEach(async () => {
    await Promise.all(harnesses.map((h) => h.close()))
    harnesses.length = 0
  })

  for (const [node, status, announced] of [
    ['a standalone node (takes every write)', {}, true],
    ['a raft leader', { mode: 'raft', role: 'leader', isLeader: true }, true],
    ['a raft follower (forwards writes to the leader)', { mode: 'raft', role: 'follower', isLeader: false }, true],
    ['a hot-standby primary', { mode: 'ha_standby', role: 'primary', isLeader: true }, true],
    ['a hot standby (refuses writes)', { mode: 'ha_standby', role: 'standby', isLeader: false }, false],
  ] as const satisfies readonly (readonly [string, Partial<ReplicationStatus>, boolean])[]) {
    it(`${announced ? 'is' : 'is not'} announced by ${node}`, async () => {
      const h = new Harness()
      harnesses.push(h)
      h.status = status
      await h.open({ major: 5, minor: 8 })
      const hello = await h.send('HELLO', { user_agent: 'test/1' })
      assert.deepEqual(body(hello[0]).hints, announced ? { 'ssr.enabled': true } : {})
    })
  }
})

describe('ROUTE requests of a routing driver, counted by the server', () => {
  let graph: GraphDatabase | undefined
  let replicator: StandaloneReplicator | undefined
  let server: BoltServer | undefined
  async function stop(): Promise<void> {
    await server?.close()
    await replicator?.stop()
    await graph?.close()
    server = undefined
    replicator = undefined
    graph = undefined
  }
  afterEach(stop)

  /** Runs SESSIONS read sessions of a neo4j:// driver against a node reporting `status`; returns the ROUTE requests it answered. */
  async function routeRequestsFor(status: Partial<ReplicationStatus>): Promise<number> {
    graph = await GraphDatabase.open({ memory: true })
    const standalone = new StandaloneReplicator(graph, 'node-1', { now: () => Date.now() })
    replicator = standalone
    await standalone.start()
    server = await startBoltServer({
      graph,
      replicator: { propose: (request) => standalone.propose(request), barrier: () => standalone.barrier(), status: () => ({ ...standalone.status(), ...status }) },
      credentials: { user: 'admin', password: 'admin' }, readConsistency: 'ONE', host: '127.0.0.1', port: 0,
      logger: { warn: () => undefined, debug: () => undefined },
    })
    const driver = neo4j.driver(`neo4j://127.0.0.1:${server.port}`, neo4j.auth.basic('admin', 'admin'))
    try {
      for (let i = 0; i < SESSIONS; i++) {
        const session = driver.session({ defaultAccessMode: neo4j.session.READ })
        await session.run('RETURN 1')
        await session.close()
      }
    } finally {
      await driver.close()
    }
    return server.counters.routeRequests
  }

  it('one ROUTE per session without the hint; one for the lot with it (within the table ttl)', async () => {
    assert.equal(await routeRequestsFor({ mode: 'ha_standby', role: 'standby', isLeader: false }), SESSIONS)
    await stop()
    const withHint = await routeRequestsFor({})
    // The table lives 10 s; on a slow machine it may expire once during the run.
    assert.ok(withHint >= 1 && withHint <= 3, `${withHint} ROUTE requests for ${SESSIONS} sessions`)
  })
})
