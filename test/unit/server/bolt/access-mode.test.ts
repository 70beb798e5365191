import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { body, Harness, names } from './session-harness.js'

const ACCESS_MODE = 'Neo.ClientError.Statement.AccessMode'

// Drivers send `mode: "r"` in BEGIN and RUN for read sessions and executeRead; Neo4j refuses a
// write there with Neo.ClientError.Statement.AccessMode, and so does nornic.
describe('Bolt access mode: a write in work opened for reading fails', () => {
  let h: Harness
  beforeEach(async () => {
    h = new Harness()
    await (await h.open({ major: 5, minor: 8 })).authenticated()
  })
  afterEach(() => h.close())

  it('an auto-commit write with mode "r" fails with AccessMode and is not proposed', async () => {
    const refused = await h.send('RUN', 'CREATE (:Nope)', {}, { mode: 'r' })
    assert.equal(body(refused[0]).neo4j_code, ACCESS_MODE)
    assert.equal(body(refused[0]).message, 'Writing in read access mode not allowed. Attempted write to neo4j')
    assert.equal(h.proposals.length, 0)
    await h.send('RESET')
    assert.deepEqual(names(await h.send('RUN', 'MATCH (n) RETURN count(n)', {}, { mode: 'r' })), ['SUCCESS'])
    assert.deepEqual((await h.send('PULL', { n: -1n }))[0]!.body, [0n])
    assert.deepEqual(names(await h.send('RUN', 'CREATE (:Yes)', {}, { mode: 'w' })), ['SUCCESS'])
    assert.equal(h.proposals.length, 1)
  })

  it('a write in a transaction begun with mode "r" fails at its RUN; nothing is committed', async () => {
    await h.send('BEGIN', { mode: 'r' })
    assert.deepEqual(names(await h.send('RUN', 'MATCH (n) RETURN n', {}, {})), ['SUCCESS'])
    await h.send('PULL', { n: -1n })
    const refused = await h.send('RUN', 'CREATE (:Nope)', {}, {})
    assert.equal(body(refused[0]).neo4j_code, ACCESS_MODE)
    assert.deepEqual(names(await h.send('COMMIT')), ['IGNORED'])
    await h.send('RESET')
    assert.equal(h.proposals.length, 0)
    assert.equal(h.replicator.status().appliedIndex, 0)
  })

  it('schema changes are writes too', async () => {
    const refused = await h.send('RUN', 'CREATE INDEX FOR (n:L) ON (n.p)', {}, { mode: 'r' })
    assert.equal(body(refused[0]).neo4j_code, ACCESS_MODE)
  })

  it('a mode other than "r" or "w" is an invalid request', async () => {
    const refused = await h.send('BEGIN', { mode: 'x' })
    assert.equal(body(refused[0]).neo4j_code, 'Neo.ClientError.Request.Invalid')
  })
})
