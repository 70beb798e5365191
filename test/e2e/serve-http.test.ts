import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { execa } from 'execa'
import { call, cypher } from './support/http.js'
import { NornicNode, stopAllNodes } from './support/nornic-process.js'

describe('nornic serve (standalone) over HTTP', () => {
  let node: NornicNode
  before(async () => {
    node = await NornicNode.start({ env: { NORNICDB_HTTP_MAX_BODY_SIZE: '1MiB' } })
  })
  after(stopAllNodes)

  it('GET /health answers in the guide\'s shape', async () => {
    const answer = await call(node.httpUrl, '/health', { auth: null })
    assert.equal(answer.status, 200)
    assert.equal(answer.json.status, 'healthy')
    const replication = answer.json.replication
    assert.equal(replication.mode, 'standalone')
    assert.equal(replication.role, 'standalone')
    assert.equal(replication.is_leader, true)
    assert.equal(replication.state, 'ready')
    assert.match(replication.node_id, /^node-[0-9a-f]{8}$/)
  })

  it('GET /health/live and /health/ready answer 200 without credentials', async () => {
    assert.equal((await call(node.httpUrl, '/health/live', { auth: null })).status, 200)
    const ready = await call(node.httpUrl, '/health/ready', { auth: null })
    assert.equal(ready.status, 200)
    assert.equal(ready.json.status, 'ready')
  })

  it('creates and reads data through /db/neo4j/tx/commit', async () => {
    const created = await cypher(node.httpUrl, [{ statement: 'CREATE (p:Person {name: $name, born: $born}) RETURN p.name AS name', parameters: '{"name":"Ada","born":1815}' }])
    assert.equal(created.status, 200, created.text)
    assert.deepEqual(created.json.errors, [])
    assert.deepEqual(created.json.results[0].columns, ['name'])
    assert.deepEqual(created.json.results[0].data[0].row, ['Ada'])

    const read = await cypher(node.httpUrl, [{ statement: 'MATCH (p:Person {name: "Ada"}) RETURN p, p.born AS born' }])
    assert.equal(read.status, 200, read.text)
    const [row] = read.json.results[0].data
    assert.deepEqual(row.row, [{ name: 'Ada', born: 1815n }, 1815n])
    assert.equal(row.meta[0].type, 'node')
    assert.equal(typeof row.meta[0].elementId, 'string')
    assert.equal(row.meta[1], null)
  })

  it('keeps all 64 bits of an integer both ways', async () => {
    const big = '9007199254740993'
    const written = await cypher(node.httpUrl, [{ statement: 'CREATE (n:Big {v: $v}) RETURN n.v AS v, n.v + 1 AS next', parameters: `{"v":${big}}` }])
    assert.equal(written.status, 200, written.text)
    assert.match(written.text, new RegExp(`"row":\\[${big},9007199254740994\\]`))
    const max = await cypher(node.httpUrl, [{ statement: 'RETURN 9223372036854775807 AS max, 1.0 AS float' }])
    assert.match(max.text, /"row":\[9223372036854775807,1\.0\]/)
  })

  it('reports statistics when asked', async () => {
    const answer = await call(node.httpUrl, '/db/neo4j/tx/commit', {
      body: '{"statements":[{"statement":"CREATE (:Stat {a: 1})","includeStats":true}]}',
    })
    assert.equal(answer.status, 200, answer.text)
    assert.equal(answer.json.results[0].stats.nodes_created, 1n)
    assert.equal(answer.json.results[0].stats.contains_updates, true)
  })

  it('commits the statements of one request together or not at all', async () => {
    const answer = await cypher(node.httpUrl, [
      { statement: 'CREATE (:Atomic {step: 1})' },
      { statement: 'CREATE (:Atomic {step: 2}) RETURN 1 / 0' },
    ])
    assert.equal(answer.status, 400, answer.text)
    assert.equal(answer.json.errors.length, 1)
    assert.match(answer.json.errors[0].code, /^Neo\.ClientError\./)
    const count = await cypher(node.httpUrl, [{ statement: 'MATCH (n:Atomic) RETURN count(n) AS c' }])
    assert.deepEqual(count.json.results[0].data[0].row, [0n])
  })

  it('a syntax error is a 400 with the Neo4j code', async () => {
    const answer = await cypher(node.httpUrl, [{ statement: 'MATCH (n RETURN n' }])
    assert.equal(answer.status, 400)
    assert.equal(answer.json.errors[0].code, 'Neo.ClientError.Statement.SyntaxError')
  })

  it('refuses the data endpoint without valid credentials, with 401 and the Neo4j code', async () => {
    for (const auth of [null, 'admin:wrong', 'nobody:admin']) {
      const answer = await cypher(node.httpUrl, [{ statement: 'RETURN 1' }], { auth })
      assert.equal(answer.status, 401, `auth ${auth}`)
      assert.equal(answer.json.errors[0].code, 'Neo.ClientError.Security.Unauthorized')
      assert.match(String(answer.headers['www-authenticate']), /^Basic/)
    }
  })

  it('malformed JSON is a 400 InvalidFormat', async () => {
    const answer = await call(node.httpUrl, '/db/neo4j/tx/commit', { body: '{"statements": [' })
    assert.equal(answer.status, 400)
    assert.equal(answer.json.errors[0].code, 'Neo.ClientError.Request.InvalidFormat')
    const wrongShape = await call(node.httpUrl, '/db/neo4j/tx/commit', { body: '{"statements": "RETURN 1"}' })
    assert.equal(wrongShape.status, 400)
    assert.equal(wrongShape.json.errors[0].code, 'Neo.ClientError.Request.InvalidFormat')
  })

  it('a body over the limit is a 413', async () => {
    const huge = `{"statements":[{"statement":"RETURN $s","parameters":{"s":"${'x'.repeat(2 * 1024 * 1024)}"}}]}`
    const answer = await call(node.httpUrl, '/db/neo4j/tx/commit', { body: huge })
    assert.equal(answer.status, 413)
    assert.equal(answer.json.errors[0].code, 'Neo.ClientError.Request.EntityTooLarge')
    assert.match(answer.json.errors[0].message, /NORNICDB_HTTP_MAX_BODY_SIZE/)
  })

  it('an unknown route is a 404 with a JSON body, an unknown database too', async () => {
    const route = await call(node.httpUrl, '/no/such/thing', { auth: null })
    assert.equal(route.status, 404)
    assert.equal(route.json.errors[0].code, 'Neo.ClientError.Request.NotFound')
    const database = await cypher(node.httpUrl, [{ statement: 'RETURN 1' }]).then(() => call(node.httpUrl, '/db/other/tx/commit', { body: '{"statements":[]}' }))
    assert.equal(database.status, 404)
    assert.equal(database.json.errors[0].code, 'Neo.ClientError.Database.DatabaseNotFound')
  })

  it('GET /metrics passes promtool check metrics and carries the node\'s figures', async () => {
    await cypher(node.httpUrl, [{ statement: 'CREATE (:Metric)' }])
    const answer = await call(node.httpUrl, '/metrics', { auth: null })
    assert.equal(answer.status, 200)
    assert.match(String(answer.headers['content-type']), /^text\/plain/)
    for (const line of [
      'nornicdb_replication_mode{mode="standalone"} 1',
      'nornicdb_replication_is_leader 1',
    ]) assert.ok(answer.text.includes(line), `has ${line}`)
    assert.match(answer.text, /^nornicdb_graph_nodes [1-9]\d*$/m)
    assert.match(answer.text, /^nornicdb_http_requests_total\{method="POST",route="\/db\/:database\/tx\/commit",status="200"\} [1-9]/m)
    assert.match(answer.text, /^nornicdb_http_request_duration_seconds_bucket\{/m)
    assert.match(answer.text, /^nornicdb_process_resident_memory_bytes /m)
    const check = await execa('promtool', ['check', 'metrics'], { input: answer.text, reject: false })
    assert.equal(check.exitCode, 0, `promtool check metrics: ${check.stdout}${check.stderr}`)
  })
})
