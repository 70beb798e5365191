import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { body, Harness, names } from './session-harness.js'

const LONG_READ = 'UNWIND range(1, 1000) AS a UNWIND range(1, 1000) AS b RETURN a, b'

// Bolt spec, server states: "INTERRUPTED: a RESET has been received ... all messages other than
// RESET and GOODBYE are IGNORED"; a RESET answers SUCCESS and the session is READY.
describe('Bolt INTERRUPTED state: a RESET jumps the queue', () => {
  let h: Harness
  beforeEach(() => {
    h = new Harness()
  })
  afterEach(() => h.close())

  it('stops a streaming read between rows: the running PULL and everything queued before the RESET are IGNORED', async () => {
    await (await h.open({ major: 5, minor: 8 })).authenticated()
    await h.send('RUN', LONG_READ, {}, {})
    const pulling = h.send('PULL', { n: -1n })
    h.session.interrupt()
    assert.equal(h.session.state, 'interrupted')
    const pulled = await pulling
    assert.equal(pulled.at(-1)!.name, 'IGNORED')
    assert.ok(pulled.length < 1_000_000, `the PULL stopped early (${pulled.length - 1} records sent)`)
    assert.equal(h.graph.openReads, 0, 'the stopped read released its view at once')
    assert.deepEqual(names(await h.send('PULL', { n: -1n })), ['IGNORED'])
    assert.deepEqual(names(await h.send('RUN', 'RETURN 1', {}, {})), ['IGNORED'])
    assert.deepEqual(names(await h.send('RESET')), ['SUCCESS'])
    assert.equal(h.session.state, 'ready')
    assert.deepEqual(names(await h.send('RUN', 'RETURN 1 AS one', {}, {})), ['SUCCESS'])
  })

  it('does not cancel a write already proposed: its outcome stands and is answered', async () => {
    await (await h.open({ major: 5, minor: 8 })).authenticated()
    let applyProposal!: () => void
    h.proposalGate = new Promise((resolve) => {
      applyProposal = resolve
    })
    const running = h.send('RUN', 'CREATE (n:Kept) RETURN n', {}, {})
    await waitUntil(() => h.proposals.length === 1)
    h.session.interrupt()
    applyProposal()
    const run = await running
    assert.deepEqual(names(run), ['SUCCESS'])
    assert.deepEqual(body(run[0]).fields, ['n'])
    assert.equal(h.session.state, 'interrupted')
    assert.deepEqual(names(await h.send('PULL', { n: -1n })), ['IGNORED'])
    assert.deepEqual(names(await h.send('RESET')), ['SUCCESS'])
    assert.equal(h.replicator.status().appliedIndex, 1)
    await h.send('RUN', 'MATCH (n:Kept) RETURN count(n)', {}, {})
    assert.deepEqual((await h.send('PULL', { n: -1n }))[0]!.body, [1n])
  })

  it('stops a wait for a bookmark this node has not applied', async () => {
    h.bookmarkTimeoutMs = 60_000
    await (await h.open({ major: 5, minor: 8 })).authenticated()
    const waiting = h.send('BEGIN', { bookmarks: ['nornic:99'] })
    h.session.interrupt()
    assert.deepEqual(names(await waiting), ['IGNORED'])
    assert.deepEqual(names(await h.send('RESET')), ['SUCCESS'])
    assert.equal(h.session.state, 'ready')
  })

  it('stops a write-mode transaction\'s first read while it waits for the read barrier', { timeout: 20_000 }, async () => {
    await (await h.open({ major: 5, minor: 8 })).authenticated()
    await h.send('BEGIN', {})
    let release!: () => void
    h.barrierGate = new Promise((resolve) => {
      release = resolve
    })
    const running = h.send('RUN', 'MATCH (n) RETURN n', {}, {})
    await waitUntil(() => h.barriers.length === 1)
    h.session.interrupt()
    assert.deepEqual(names(await running), ['IGNORED'])
    release()
    assert.deepEqual(names(await h.send('RESET')), ['SUCCESS'])
    assert.equal(h.session.state, 'ready')
    assert.equal(h.graph.openReads, 0)
  })

  it('each RESET answers SUCCESS in its turn; requests between two RESETs are IGNORED too', async () => {
    await (await h.open({ major: 5, minor: 8 })).authenticated()
    h.session.interrupt()
    h.session.interrupt()
    assert.deepEqual(names(await h.send('RESET')), ['SUCCESS'])
    assert.equal(h.session.state, 'interrupted')
    assert.deepEqual(names(await h.send('RUN', 'RETURN 1', {}, {})), ['IGNORED'])
    assert.deepEqual(names(await h.send('RESET')), ['SUCCESS'])
    assert.equal(h.session.state, 'ready')
  })

  it('a FAILED session becomes INTERRUPTED and a RESET makes it READY', async () => {
    await (await h.open({ major: 5, minor: 8 })).authenticated()
    await h.send('RUN', 'RETURN 1 / 0', {}, {})
    assert.equal(h.session.state, 'failed')
    h.session.interrupt()
    assert.equal(h.session.state, 'interrupted')
    assert.deepEqual(names(await h.send('RESET')), ['SUCCESS'])
    assert.equal(h.session.state, 'ready')
  })

  it('before authentication there is nothing to interrupt: the RESET fails in its turn', async () => {
    await h.open({ major: 5, minor: 8 })
    await h.send('HELLO', { user_agent: 'test/1' })
    h.session.interrupt()
    assert.equal(h.session.state, 'authentication')
    assert.equal(body((await h.send('RESET'))[0]).neo4j_code, 'Neo.ClientError.Request.Invalid')
  })

  it('a connection that closes while a PULL streams stops the read and releases its view', async () => {
    await (await h.open({ major: 5, minor: 8 })).authenticated()
    await h.send('RUN', LONG_READ, {}, {})
    const pulling = h.send('PULL', { n: -1n })
    await h.session.close()
    await pulling
    assert.equal(h.session.state, 'defunct')
    assert.equal(h.graph.openReads, 0)
  })
})

async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition')
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
}
