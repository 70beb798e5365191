import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import fc from 'fast-check'
import type { RequestName } from '../../../../src/server/bolt/messages.js'
import type { PackMap, PackValue, Structure } from '../../../../src/server/bolt/packstream.js'
import { ROUTING_TTL_SECONDS } from '../../../../src/server/bolt/routing-table.js'
import { body, Harness, names } from './session-harness.js'

describe('Bolt server state machine (Bolt spec, server states)', () => {
  let h: Harness
  beforeEach(() => {
    h = new Harness()
  })
  afterEach(() => h.close())

  it('5.1 and later: HELLO then LOGON authenticates; wrong credentials fail and end the connection', async () => {
    await h.open({ major: 5, minor: 8 })
    const hello = await h.send('HELLO', { user_agent: 'test/1' })
    assert.deepEqual(names(hello), ['SUCCESS'])
    assert.match(String(body(hello[0]).server), /^Neo4j\//)
    assert.equal(h.session.state, 'authentication')
    const bad = await h.send('LOGON', { scheme: 'basic', principal: 'admin', credentials: 'nope' })
    assert.deepEqual(names(bad), ['FAILURE'])
    assert.equal(body(bad[0]).neo4j_code, 'Neo.ClientError.Security.Unauthorized')
    assert.equal(h.session.state, 'defunct')
  })

  it('4.4 and 5.0: credentials come in HELLO', async () => {
    await h.open({ major: 4, minor: 4 })
    const bad = await h.send('HELLO', { scheme: 'basic', principal: 'admin', credentials: 'x' })
    assert.deepEqual(bad.map((r) => [r.name, body(r).code]), [['FAILURE', 'Neo.ClientError.Security.Unauthorized']])
    await h.close()
    h = new Harness()
    await (await h.open({ major: 5, minor: 0 })).authenticated()
  })

  it('NORNICDB_AUTH=none accepts any token', async () => {
    await h.open({ major: 5, minor: 8 }, null)
    await h.send('HELLO', {})
    assert.deepEqual(names(await h.send('LOGON', { scheme: 'none' })), ['SUCCESS'])
  })

  it('a failure moves to FAILED: everything is IGNORED until RESET', async () => {
    await (await h.open({ major: 5, minor: 4 })).authenticated()
    const failed = await h.send('RUN', 'MATCH (n RETURN n', {}, {})
    assert.equal(body(failed[0]).code, 'Neo.ClientError.Statement.SyntaxError')
    assert.equal(h.session.state, 'failed')
    assert.deepEqual(names(await h.send('PULL', { n: -1n })), ['IGNORED'])
    assert.deepEqual(names(await h.send('RUN', 'RETURN 1', {}, {})), ['IGNORED'])
    assert.deepEqual(names(await h.send('RESET')), ['SUCCESS'])
    assert.equal(h.session.state, 'ready')
    assert.deepEqual(names(await h.send('RUN', 'RETURN 1 AS one', {}, {})), ['SUCCESS'])
  })

  it('a message out of order is a FAILURE, not a crash', async () => {
    await (await h.open({ major: 5, minor: 4 })).authenticated()
    const pull = await h.send('PULL', { n: -1n })
    assert.equal(body(pull[0]).code, 'Neo.ClientError.Request.Invalid')
    await h.send('RESET')
    assert.equal(body((await h.send('COMMIT'))[0]).code, 'Neo.ClientError.Request.Invalid')
  })

  it('PULL n streams a result in batches with has_more, without running it again', async () => {
    await (await h.open({ major: 5, minor: 4 })).authenticated()
    const run = await h.send('RUN', 'UNWIND range(1, 5) AS i RETURN i', {}, {})
    assert.deepEqual(body(run[0]).fields, ['i'])
    const first = await h.send('PULL', { n: 2n })
    assert.deepEqual(first.map((r) => r.name), ['RECORD', 'RECORD', 'SUCCESS'])
    assert.deepEqual(first.slice(0, 2).map((r) => r.body), [[1n], [2n]])
    assert.equal(body(first[2]).has_more, true)
    const skipped = await h.send('DISCARD', { n: 2n })
    assert.deepEqual(names(skipped), ['SUCCESS'])
    const rest = await h.send('PULL', { n: 10n })
    assert.deepEqual(rest.map((r) => r.body).slice(0, 1), [[5n]])
    assert.equal(body(rest[1]).has_more, undefined)
    assert.equal(body(rest[1]).type, 'r')
    assert.match(String(body(rest[1]).bookmark), /^nornic:\d+$/)
    assert.equal(h.session.state, 'ready')
  })

  it('an auto-commit write is one proposal and its summary carries counters and a bookmark', async () => {
    await (await h.open({ major: 5, minor: 4 })).authenticated()
    await h.send('RUN', 'CREATE (n:P {v: $v}) RETURN n.v AS v', { v: 7n }, {})
    const pulled = await h.send('PULL', { n: -1n })
    assert.deepEqual(pulled[0]!.body, [7n])
    const summary = body(pulled[1])
    assert.deepEqual(summary.stats, { 'nodes-created': 1n, 'properties-set': 1n, 'labels-added': 1n })
    assert.equal(summary.type, 'rw')
    assert.equal(summary.bookmark, 'nornic:1')
    assert.equal(h.proposals.length, 1)
  })

  it('an explicit transaction returns its writes\' rows at once and commits every statement as ONE proposal at COMMIT', async () => {
    await (await h.open({ major: 5, minor: 4 })).authenticated()
    await h.send('BEGIN', {})
    const read = await h.send('RUN', 'RETURN 1 AS one', {}, {})
    assert.equal(body(read[0]).qid, 0n)
    await h.send('PULL', { n: -1n, qid: 0n })
    for (const v of [1n, 2n]) {
      const run = await h.send('RUN', 'CREATE (t:T {v: $v}) RETURN t.v AS v', { v }, {})
      assert.deepEqual(body(run[0]).fields, ['v'])
      const pulled = await h.send('PULL', { n: -1n })
      assert.deepEqual(pulled[0]!.body, [v])
      assert.deepEqual(body(pulled[1]).stats, { 'nodes-created': 1n, 'properties-set': 1n, 'labels-added': 1n })
      assert.equal(body(pulled[1]).type, 'rw')
    }
    assert.equal(h.proposals.length, 0, 'nothing is replicated before COMMIT')
    const commit = await h.send('COMMIT')
    assert.match(String(body(commit[0]).bookmark), /^nornic:\d+$/)
    assert.deepEqual(h.proposals.map((p) => p.map((s) => s.statement)), [['RETURN 1 AS one', 'CREATE (t:T {v: $v}) RETURN t.v AS v', 'CREATE (t:T {v: $v}) RETURN t.v AS v']])
    assert.equal(h.session.state, 'ready')
    assert.deepEqual((await h.graph.read([{ statement: 'MATCH (t:T) RETURN t.v ORDER BY t.v', parameters: {} }]))[0]!.rows, [[1n], [2n]])
  })

  it('4.4 sends nodes without element ids; 5.x with them', async () => {
    for (const [version, fields] of [[{ major: 4, minor: 4 }, 3], [{ major: 5, minor: 0 }, 4]] as const) {
      await h.close()
      h = new Harness()
      await (await h.open(version)).authenticated()
      await h.send('RUN', 'CREATE (n:N) RETURN n', {}, {})
      const [record] = await h.send('PULL', { n: -1n })
      const node = (record!.body as PackValue[])[0] as Structure
      assert.equal(node.tag, 0x4e)
      assert.equal(node.fields.length, fields, `${version.major}.${version.minor}`)
    }
  })

  it('ROLLBACK replicates nothing of the transaction', async () => {
    await (await h.open({ major: 5, minor: 4 })).authenticated()
    await h.send('BEGIN', {})
    await h.send('RUN', 'CREATE (:T)', {}, {})
    await h.send('PULL', { n: -1n })
    assert.deepEqual(names(await h.send('ROLLBACK')), ['SUCCESS'])
    assert.equal(h.proposals.length, 0)
    assert.deepEqual((await h.graph.counts()).nodes, 0)
    assert.equal(h.graph.openReads, 0)
  })

  it('a read after a write in the transaction sees the write; outside, nothing shows before COMMIT', async () => {
    await (await h.open({ major: 5, minor: 4 })).authenticated()
    await h.send('BEGIN', {})
    await h.send('RUN', 'CREATE (:T {v: 1})', {}, {})
    await h.send('PULL', { n: -1n })
    await h.send('RUN', 'MATCH (n:T) RETURN count(n) AS c', {}, {})
    assert.deepEqual((await h.send('PULL', { n: -1n }))[0]!.body, [1n])
    assert.deepEqual((await h.graph.counts()).nodes, 0)
    assert.deepEqual(names(await h.send('COMMIT')), ['SUCCESS'])
    assert.deepEqual((await h.graph.counts()).nodes, 1)
  })

  it('a COMMIT whose reads a write committed meanwhile changed fails with Outdated and applies nothing', async () => {
    await (await h.open({ major: 5, minor: 4 })).authenticated()
    await h.replicator.propose({ statements: [{ statement: 'CREATE (:Stock {left: 1})', parameters: {} }] })
    await h.send('BEGIN', {})
    await h.send('RUN', 'MATCH (s:Stock) RETURN s.left AS left', {}, {})
    assert.deepEqual((await h.send('PULL', { n: -1n }))[0]!.body, [1n])
    await h.replicator.propose({ statements: [{ statement: 'MATCH (s:Stock) SET s.left = 0', parameters: {} }] })
    await h.send('RUN', 'MATCH (s:Stock) SET s.left = s.left - 1 CREATE (:Order)', {}, {})
    await h.send('PULL', { n: -1n })
    const commit = await h.send('COMMIT')
    assert.equal(body(commit[0]).code, 'Neo.TransientError.Transaction.Outdated')
    const [stock, orders] = await h.graph.read([{ statement: 'MATCH (s:Stock) RETURN s.left', parameters: {} }, { statement: 'MATCH (o:Order) RETURN count(o)', parameters: {} }])
    assert.deepEqual([stock!.rows, orders!.rows], [[[0n]], [[0n]]])
    assert.equal(h.graph.openReads, 0)
  })

  it('a statement that fails fails the transaction: COMMIT is IGNORED and nothing is applied', async () => {
    await (await h.open({ major: 5, minor: 4 })).authenticated()
    await h.send('BEGIN', {})
    await h.send('RUN', 'CREATE (:T)', {}, {})
    await h.send('PULL', { n: -1n })
    const failed = await h.send('RUN', 'CREATE (:T) WITH 1 AS x RETURN 1 / 0', {}, {})
    assert.equal(body(failed[0]).code, 'Neo.ClientError.Statement.ArithmeticError')
    assert.deepEqual(names(await h.send('COMMIT')), ['IGNORED'])
    await h.send('RESET')
    assert.equal(h.proposals.length, 0)
    assert.deepEqual((await h.graph.counts()).nodes, 0)
    assert.equal(h.graph.openReads, 0)
  })

  it('a transaction past its tx_timeout lets go of its view, fails its next request, and applies nothing', async () => {
    await (await h.open({ major: 5, minor: 4 })).authenticated()
    assert.deepEqual(names(await h.send('BEGIN', { tx_timeout: 50n })), ['SUCCESS'])
    await h.send('RUN', 'CREATE (:Late)', {}, {})
    await h.send('PULL', { n: -1n })
    assert.equal(h.graph.openReads, 1)
    const deadline = Date.now() + 10_000
    while (h.graph.openReads > 0) {
      assert.ok(Date.now() < deadline, 'the idle transaction kept its view past its timeout')
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const commit = await h.send('COMMIT')
    assert.equal(body(commit[0]).code, 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration')
    assert.match(String(body(commit[0]).message), /50 ms timeout/)
    assert.equal(h.session.state, 'failed')
    assert.deepEqual(names(await h.send('RESET')), ['SUCCESS'])
    assert.equal(h.proposals.length, 0)
    assert.equal((await h.graph.counts()).nodes, 0)
    assert.equal(body((await h.send('BEGIN', { tx_timeout: -1n }))[0]).code, 'Neo.ClientError.Request.Invalid')
  })

  it('a bookmark ahead of this node waits, bounded, then fails with BookmarkTimeout', async () => {
    await (await h.open({ major: 5, minor: 4 })).authenticated()
    const ahead = await h.send('BEGIN', { bookmarks: ['nornic:5'] })
    assert.equal(body(ahead[0]).code, 'Neo.TransientError.Transaction.BookmarkTimeout')
    await h.send('RESET')
    assert.equal(body((await h.send('BEGIN', { bookmarks: ['neo4j:bookmark:v1:tx1'] }))[0]).code, 'Neo.ClientError.Transaction.InvalidBookmark')
    await h.send('RESET')
    await h.send('RUN', 'CREATE (:T)', {}, {})
    await h.send('PULL', { n: -1n })
    assert.deepEqual(names(await h.send('BEGIN', { bookmarks: ['nornic:1'] })), ['SUCCESS'])
  })

  // Issue 9: a write on a raft follower through bolt:// is forwarded; a routing driver is told
  // NotALeader instead, so it refreshes its routing table and retries on the leader.
  it('a routing driver\'s write on a node that does not take writes fails with NotALeader; a bolt:// write is proposed', async () => {
    h.follower = true
    await h.open({ major: 5, minor: 4 })
    await h.send('HELLO', { user_agent: 'test/1', routing: { address: 'db2:7687' } })
    await h.send('LOGON', { scheme: 'basic', principal: 'admin', credentials: 'admin' })
    const refused = await h.send('RUN', 'CREATE (:Routed)', {}, {})
    assert.equal(body(refused[0]).code, 'Neo.ClientError.Cluster.NotALeader')
    assert.match(String(body(refused[0]).message), /does not take writes \(follower\); node-2 does/)
    assert.equal(h.proposals.length, 0)
    await h.send('RESET')
    await h.send('BEGIN', {})
    assert.equal(body((await h.send('RUN', 'CREATE (:Routed)', {}, {}))[0]).code, 'Neo.ClientError.Cluster.NotALeader')
    assert.equal(h.proposals.length, 0)

    const direct = new Harness()
    direct.follower = true
    try {
      await (await direct.open({ major: 5, minor: 4 })).authenticated()
      assert.deepEqual(names(await direct.send('RUN', 'CREATE (:Direct)', {}, {})), ['SUCCESS'])
      assert.equal(direct.proposals.length, 1)
      // Its bookmark is this node's applied index, so the session waits until that covers the forwarded write.
      assert.deepEqual(direct.barriers, ['QUORUM'])
    } finally {
      await direct.close()
    }
  })

  it('ROUTE names this node as writer, reader and router, at the address the client used', async () => {
    await (await h.open({ major: 5, minor: 4 })).authenticated()
    const route = await h.send('ROUTE', { address: 'db.example:7687' }, [], {})
    const rt = body(route[0]).rt as PackMap
    assert.equal(rt.db, 'neo4j')
    assert.equal(rt.ttl, BigInt(ROUTING_TTL_SECONDS))
    assert.deepEqual(rt.servers, ['WRITE', 'READ', 'ROUTE'].map((role) => ({ addresses: ['db.example:7687'], role })))
    assert.equal(body((await h.send('ROUTE', {}, [], { db: 'other' }))[0]).code, 'Neo.ClientError.Database.DatabaseNotFound')
  })

  it('TELEMETRY and LOGOFF answer SUCCESS; LOGOFF asks for LOGON again', async () => {
    await (await h.open({ major: 5, minor: 4 })).authenticated()
    assert.deepEqual(names(await h.send('TELEMETRY', 1n)), ['SUCCESS'])
    assert.deepEqual(names(await h.send('LOGOFF')), ['SUCCESS'])
    assert.equal(h.session.state, 'authentication')
    assert.equal(body((await h.send('RUN', 'RETURN 1', {}, {}))[0]).code, 'Neo.ClientError.Request.Invalid')
  })

  it('from 5.7 a FAILURE carries the code as neo4j_code with a GQL status; before, as code', async () => {
    await (await h.open({ major: 5, minor: 6 })).authenticated()
    const failure = body((await h.send('RUN', 'RETURN $missing', {}, {}))[0])
    assert.deepEqual(Object.keys(failure).sort(), ['code', 'message'])
    assert.equal(failure.code, 'Neo.ClientError.Statement.ParameterMissing')
  })

  it('GOODBYE ends the session', async () => {
    await (await h.open({ major: 5, minor: 4 })).authenticated()
    assert.deepEqual(await h.send('GOODBYE'), [])
    assert.equal(h.session.state, 'defunct')
  })

  it('any sequence of requests gets one answer each and never throws (fuzz)', async () => {
    const requests: [RequestName, ...PackValue[]][] = [
      ['HELLO', {}], ['LOGON', { scheme: 'basic', principal: 'admin', credentials: 'admin' }], ['LOGOFF'], ['RESET'],
      ['RUN', 'RETURN 1 AS x', {}, {}], ['RUN', 'CREATE (:F)', {}, {}], ['RUN', 'UNWIND range(1, 3) AS i RETURN i', {}, {}],
      ['RUN', 'MATCH (n RETURN n', {}, {}], ['RUN', 'RETURN $p', { p: 1n }, { bookmarks: ['nornic:0'] }],
      ['PULL', { n: 1n }], ['PULL', { n: -1n }], ['PULL', { n: -1n, qid: 0n }], ['PULL', { n: 0n }], ['DISCARD', { n: -1n }],
      ['BEGIN', {}], ['BEGIN', { db: 'nope' }], ['COMMIT'], ['ROLLBACK'], ['ROUTE', {}, [], {}], ['TELEMETRY', 0n],
    ]
    await fc.assert(fc.asyncProperty(fc.constantFrom(4, 8), fc.array(fc.nat(requests.length - 1), { maxLength: 25 }), async (minor, picks) => {
      await h.close()
      h = new Harness()
      await h.open({ major: minor === 4 ? 4 : 5, minor }, null)
      for (const pick of picks) {
        if (h.session.state === 'defunct') break
        const [name, ...fields] = requests[pick]!
        const answers = await h.send(name, ...fields)
        const final = answers.filter((a) => a.name !== 'RECORD')
        assert.equal(final.length, 1, `${name} in ${h.session.state}: ${names(answers).join(',')}`)
      }
    }), { numRuns: 200 })
  })
})
