import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import neo4j, { type Driver, type Node, type Path, type Relationship } from 'neo4j-driver'
import { cypher } from './support/http.js'
import { NornicNode, stopAllNodes } from './support/nornic-process.js'

/** Issue 9: the official neo4j-driver against a real `nornic serve` (standalone). */
describe('Bolt with neo4j-driver against nornic serve (standalone)', () => {
  let node: NornicNode
  let driver: Driver
  const pulls: string[] = []

  before(async () => {
    node = await NornicNode.start()
    driver = neo4j.driver(`bolt://127.0.0.1:${node.ports.bolt}`, neo4j.auth.basic('admin', 'admin'), {
      // The driver's debug log shows each message it sends; the streaming test counts the PULLs.
      logging: { level: 'debug', logger: (_level, text) => { if (text.includes('C: PULL')) pulls.push(text) } },
    })
  })
  after(async () => {
    await driver?.close()
    await stopAllNodes()
  })

  it("runs the guide's JavaScript example shape: auth admin/admin, session.run", async () => {
    const session = driver.session({ defaultAccessMode: neo4j.session.WRITE })
    try {
      await session.run('CREATE (n:Person {name: $name})', { name: 'Alice' })
      const result = await session.run('MATCH (n) RETURN count(n)')
      assert.equal(result.records[0]!.get(0).toNumber(), 1)
      const info = await driver.getServerInfo()
      const version = info.protocolVersion as unknown as { major: number; minor: number }
      assert.deepEqual([version.major, version.minor], [5, 8])
    } finally {
      await session.close()
    }
  })

  it('writes over Bolt are the same data HTTP reads, and bookmarks carry across sessions', async () => {
    const writer = driver.session()
    await writer.run('CREATE (:Shared {via: "bolt"})')
    const bookmarks = writer.lastBookmarks()
    await writer.close()
    assert.match(bookmarks[0]!, /^nornic:\d+$/)
    const reader = driver.session({ bookmarks, defaultAccessMode: neo4j.session.READ })
    const count = await reader.run('MATCH (n:Shared) RETURN count(n) AS c')
    await reader.close()
    assert.equal(count.records[0]!.get('c').toNumber(), 1)
    const http = await cypher(node.httpUrl, [{ statement: 'MATCH (n:Shared) RETURN n.via AS via' }])
    assert.deepEqual(http.json.results[0].data[0].row, ['bolt'])
  })

  it('an explicit transaction commits all its writes together; rollback leaves nothing', async () => {
    const session = driver.session()
    try {
      const tx = await session.beginTransaction()
      await tx.run('CREATE (:Tx {i: 1})')
      await tx.run('CREATE (:Tx {i: 2})')
      await tx.commit()
      const rolledBack = await session.beginTransaction()
      await rolledBack.run('CREATE (:Tx {i: 3})')
      await rolledBack.rollback()
      await session.executeWrite(async (work) => {
        await work.run('CREATE (:Tx {i: 4})')
      })
      const result = await session.run('MATCH (n:Tx) RETURN n.i AS i ORDER BY i')
      assert.deepEqual(result.records.map((r) => r.get('i').toNumber()), [1, 2, 4])
    } finally {
      await session.close()
    }
  })

  it('inside a transaction a write returns its rows, and later statements see the writes before them', async () => {
    const session = driver.session()
    try {
      const shown = await session.executeWrite(async (tx) => {
        const created = await tx.run('CREATE (n:Own {name: $name}) RETURN n', { name: 'Ada' })
        const seen = await tx.run('MATCH (n:Own) RETURN count(n) AS c, collect(elementId(n)) AS ids')
        return { node: created.records[0]!.get('n') as Node, count: seen.records[0]!.get('c').toNumber(), ids: seen.records[0]!.get('ids') as string[] }
      })
      assert.equal(shown.node.properties.name, 'Ada')
      assert.equal(shown.count, 1)
      assert.deepEqual(shown.ids, [shown.node.elementId])
      const stored = await session.run('MATCH (n:Own) RETURN elementId(n) AS id, id(n) AS n')
      assert.equal(stored.records[0]!.get('id'), shown.node.elementId, 'the committed node is the one the transaction returned')
      assert.equal(stored.records[0]!.get('n').toNumber(), shown.node.identity.toNumber())
    } finally {
      await session.close()
    }
  })

  it('a transaction that read what another write changed meanwhile fails with Outdated, applies nothing, and executeWrite retries it', async () => {
    await driver.executeQuery('CREATE (:Account {id: 1, balance: 100})')
    const session = driver.session()
    const other = driver.session()
    let attempts = 0
    try {
      const balance = await session.executeWrite(async (tx) => {
        attempts += 1
        const read = await tx.run('MATCH (a:Account {id: 1}) RETURN a.balance AS b')
        const before = read.records[0]!.get('b').toNumber()
        // The first attempt races a deposit that commits between its read and its COMMIT.
        if (attempts === 1) await other.run('MATCH (a:Account {id: 1}) SET a.balance = a.balance + 50')
        await tx.run('MATCH (a:Account {id: 1}) SET a.balance = $b', { b: neo4j.int(before - 30) })
        return before - 30
      })
      assert.equal(attempts, 2)
      assert.equal(balance, 120)
      const stored = await session.run('MATCH (a:Account {id: 1}) RETURN a.balance AS b')
      assert.equal(stored.records[0]!.get('b').toNumber(), 120, 'neither the deposit nor the withdrawal was lost')
    } finally {
      await Promise.all([session.close(), other.close()])
    }
  })

  it('concurrent read-modify-write transactions lose no update, and each saw a value no other saw', async () => {
    await driver.executeQuery('CREATE (:Counter {v: 0})')
    const workers = 6
    const increments = 5
    const seen: number[] = []
    const work = async (): Promise<void> => {
      const session = driver.session()
      try {
        for (let done = 0, attempts = 0; done < increments; attempts++) {
          assert.ok(attempts < 500, 'a worker kept conflicting')
          const tx = await session.beginTransaction()
          try {
            const read = await tx.run('MATCH (c:Counter) RETURN c.v AS v')
            const next = read.records[0]!.get('v').toNumber() + 1
            await tx.run('MATCH (c:Counter) SET c.v = $next', { next: neo4j.int(next) })
            await tx.commit()
            seen.push(next)
            done += 1
          } catch (error) {
            // The protocol's answer to a conflict: run the transaction again.
            if ((error as { code?: string }).code !== 'Neo.TransientError.Transaction.Outdated') throw error
          }
        }
      } finally {
        await session.close()
      }
    }
    await Promise.all(Array.from({ length: workers }, work))
    const total = workers * increments
    assert.deepEqual(seen.sort((a, b) => a - b), Array.from({ length: total }, (_, i) => i + 1))
    const stored = await driver.executeQuery('MATCH (c:Counter) RETURN c.v AS v')
    assert.equal(stored.records[0]!.get('v').toNumber(), total)
  })

  it('a transaction that outlives the timeout its client gave it is rolled back', async () => {
    const session = driver.session()
    try {
      const tx = await session.beginTransaction({ timeout: 100 })
      await tx.run('CREATE (:Slow)')
      // The node fixed the deadline before BEGIN answered, so it has passed once this much time has.
      await new Promise((resolve) => setTimeout(resolve, 300))
      await assert.rejects(tx.commit(), { code: 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration' })
      const count = await session.run('MATCH (n:Slow) RETURN count(n) AS c')
      assert.equal(count.records[0]!.get('c').toNumber(), 0)
    } finally {
      await session.close()
    }
  })

  it('errors surface with their Neo4j codes in Neo4jError.code', async () => {
    const session = driver.session()
    try {
      await assert.rejects(session.run('MATCH (n RETURN n'), { code: 'Neo.ClientError.Statement.SyntaxError' })
      await assert.rejects(session.run('RETURN 1 / 0'), { code: 'Neo.ClientError.Statement.ArithmeticError' })
      await assert.rejects(session.run('RETURN $nope'), { code: 'Neo.ClientError.Statement.ParameterMissing' })
      // The session recovers after each failure (RESET), as drivers expect.
      assert.equal((await session.run('RETURN 1 AS one')).records[0]!.get('one').toNumber(), 1)
      const tx = await session.beginTransaction()
      await tx.run('CREATE (:Bad)')
      await assert.rejects(tx.run('CREATE (:Bad) WITH 1 AS x RETURN x / 0'), { code: 'Neo.ClientError.Statement.ArithmeticError' })
      await assert.rejects(tx.commit())
      assert.equal((await session.run('MATCH (n:Bad) RETURN count(n) AS c')).records[0]!.get('c').toNumber(), 0)
    } finally {
      await session.close()
    }
    const wrong = neo4j.driver(`bolt://127.0.0.1:${node.ports.bolt}`, neo4j.auth.basic('admin', 'wrong'))
    try {
      await assert.rejects(wrong.verifyConnectivity(), { code: 'Neo.ClientError.Security.Unauthorized' })
    } finally {
      await wrong.close()
    }
  })

  it('streams a 100,000-row result in batches of fetchSize', async () => {
    const session = driver.session({ fetchSize: 1000 })
    try {
      pulls.length = 0
      let expected = 1
      const result = session.run('UNWIND range(1, 100000) AS i RETURN i')
      for await (const record of result) {
        assert.equal(record.get('i').toNumber(), expected)
        expected += 1
      }
      assert.equal(expected - 1, 100_000)
      assert.ok(pulls.length >= 100, `expected about 100 PULL {n: 1000}, saw ${pulls.length}`)
      assert.ok(pulls.every((text) => text.includes('1000')), pulls[0])
    } finally {
      await session.close()
    }
  })

  // Bolt spec, INTERRUPTED: closing a session while its result streams sends RESET, which jumps the
  // queue; the connection then serves the next query.
  it('closing a session while a long result streams cancels it; the same connection runs the next query', async () => {
    const messages: string[] = []
    const single = neo4j.driver(`bolt://127.0.0.1:${node.ports.bolt}`, neo4j.auth.basic('admin', 'admin'), {
      maxConnectionPoolSize: 1,
      logging: { level: 'debug', logger: (_level, text) => { if (/ [CS]: /.test(text) && !text.includes(' S: RECORD')) messages.push(text) } },
    })
    try {
      // PULL all: the server is still streaming when the driver sends RESET.
      const session = single.session({ fetchSize: -1 })
      const result = session.run('UNWIND range(1, 5000) AS a UNWIND range(1, 1000) AS b RETURN a, b')
      let seen = 0
      const outcome = await new Promise<string>((resolve) => {
        result.subscribe({
          onNext: () => {
            seen += 1
            if (seen === 1500) void session.close()
          },
          onCompleted: () => resolve('completed'),
          onError: (error) => resolve(error.message),
        })
      })
      assert.match(outcome, /RESET/, 'the result ends because of the RESET, not because all 5,000,000 rows came')
      const reset = messages.findIndex((text) => text.includes('C: RESET'))
      assert.ok(reset > 0, 'the driver sent RESET')
      assert.ok(messages.slice(reset).some((text) => text.includes('S: IGNORED')), 'the running PULL was IGNORED')
      const next = await single.executeQuery('RETURN 5 AS five')
      assert.equal(next.records[0]!.get('five').toNumber(), 5)
      const connections = new Set(messages.map((text) => text.match(/\]\[(bolt-\d+)\]/)?.[1]).filter((id) => id !== undefined))
      assert.equal(connections.size, 1, `one connection served both: ${[...connections].join(', ')}`)
    } finally {
      await single.close()
    }
  })

  it('a write in a read session or executeRead fails with AccessMode and writes nothing', async () => {
    const session = driver.session({ defaultAccessMode: neo4j.session.READ })
    try {
      await assert.rejects(session.run('CREATE (:ReadOnly)'), { code: 'Neo.ClientError.Statement.AccessMode' })
      await assert.rejects(session.executeRead((tx) => tx.run('CREATE (:ReadOnly)')), { code: 'Neo.ClientError.Statement.AccessMode' })
      assert.equal((await session.run('MATCH (n:ReadOnly) RETURN count(n) AS c')).records[0]!.get('c').toNumber(), 0)
    } finally {
      await session.close()
    }
    const http = await cypher(node.httpUrl, [{ statement: 'MATCH (n:ReadOnly) RETURN count(n) AS c' }])
    assert.equal(Number(http.json.results[0].data[0].row[0]), 0)
  })

  it('a routing driver sends ROUTE once, not per session: the node announces ssr.enabled', async () => {
    let routes = 0
    const routing = neo4j.driver(`neo4j://127.0.0.1:${node.ports.bolt}`, neo4j.auth.basic('admin', 'admin'), {
      logging: { level: 'debug', logger: (_level, text) => { if (text.includes('C: ROUTE')) routes += 1 } },
    })
    try {
      for (let i = 0; i < 10; i++) {
        const session = routing.session({ defaultAccessMode: i % 2 === 0 ? neo4j.session.READ : neo4j.session.WRITE })
        await session.run('RETURN 1')
        await session.close()
      }
    } finally {
      await routing.close()
    }
    // The routing table lives 10 s; a slow run may see it expire once.
    assert.ok(routes >= 1 && routes <= 3, `${routes} ROUTE requests for 10 sessions`)
  })

  it('every value type round-trips', async () => {
    const session = driver.session()
    try {
      const values = {
        max: neo4j.int('9223372036854775807'),
        min: neo4j.int('-9223372036854775808'),
        small: neo4j.int(-17),
        float: 1.5,
        tiny: 5e-324,
        huge: 1.7976931348623157e308,
        negative: -0.25,
        text: 'héllo, 世界 🌍',
        empty: '',
        bool: true,
        nothing: null,
        list: [neo4j.int(1), 'two', 3.5, [true, null]],
        map: { a: neo4j.int(1), b: { c: ['d'] } },
      }
      const result = await session.run('RETURN $values AS v, $values.max + 0 AS max', { values })
      const back = result.records[0]!.get('v')
      assert.equal(back.max.toString(), '9223372036854775807')
      assert.equal(back.min.toString(), '-9223372036854775808')
      assert.equal(back.small.toNumber(), -17)
      assert.equal(result.records[0]!.get('max').toString(), '9223372036854775807')
      for (const key of ['float', 'tiny', 'huge', 'negative', 'text', 'empty', 'bool', 'nothing'] as const) assert.equal(back[key], values[key], key)
      assert.equal(back.list[0].toNumber(), 1)
      assert.deepEqual(back.list.slice(1), ['two', 3.5, [true, null]])
      assert.equal(back.map.a.toNumber(), 1)
      assert.deepEqual(back.map.b, { c: ['d'] })
      assert.ok(Number.isNaN((await session.run('RETURN 0.0 / 0.0 AS nan')).records[0]!.get('nan')))

      const graph = await session.run('CREATE p = (a:A {x: 1})-[r:R {y: 2.5}]->(b:B:C {z: "z"}) RETURN a, r, b, p')
      const [a, r, b, p] = ['a', 'r', 'b', 'p'].map((k) => graph.records[0]!.get(k)) as [Node, Relationship, Node, Path]
      assert.deepEqual(a.labels, ['A'])
      assert.equal(a.properties.x.toNumber(), 1)
      assert.deepEqual(b.labels.sort(), ['B', 'C'])
      assert.equal(typeof a.elementId, 'string')
      assert.equal(r.type, 'R')
      assert.equal(r.properties.y, 2.5)
      assert.equal(r.startNodeElementId, a.elementId)
      assert.equal(r.endNodeElementId, b.elementId)
      assert.ok(r.start.equals(a.identity) && r.end.equals(b.identity))
      assert.equal(p.start.elementId, a.elementId)
      assert.equal(p.end.elementId, b.elementId)
      assert.equal(p.segments.length, 1)
      assert.equal(p.segments[0]!.relationship.elementId, r.elementId)

      const reversed = await session.run('MATCH p = (b:B)<-[:R]-(a:A) RETURN p')
      const path = reversed.records[0]!.get('p') as Path
      assert.deepEqual([path.start.labels[0], path.end.labels[0]], ['B', 'A'])
      assert.equal(path.segments[0]!.relationship.startNodeElementId, a.elementId, 'a relationship walked backwards keeps its own direction')
    } finally {
      await session.close()
    }
  })

  it('neo4j:// routing: ROUTE names this node, and managed transactions run through it', async () => {
    const routing = neo4j.driver(`neo4j://127.0.0.1:${node.ports.bolt}`, neo4j.auth.basic('admin', 'admin'), {
      resolver: () => [`127.0.0.1:${node.ports.bolt}`],
    })
    try {
      const session = routing.session()
      await session.executeWrite((tx) => tx.run('CREATE (:Routed)'))
      const count = await session.executeRead((tx) => tx.run('MATCH (n:Routed) RETURN count(n) AS c'))
      await session.close()
      assert.equal(count.records[0]!.get('c').toNumber(), 1)
    } finally {
      await routing.close()
    }
  })
})
