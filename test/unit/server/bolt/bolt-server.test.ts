import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { StandaloneReplicator } from '../../../../src/cluster/standalone/standalone-replicator.js'
import { GraphDatabase } from '../../../../src/graph/database.js'
import { startBoltServer, type BoltServer } from '../../../../src/server/bolt/bolt-server.js'
import { appendChunked, MessageDechunker } from '../../../../src/server/bolt/chunking.js'
import { REQUEST_TAGS, type RequestName } from '../../../../src/server/bolt/messages.js'
import { PackStreamWriter, Structure, unpackOne, type PackMap, type PackValue } from '../../../../src/server/bolt/packstream.js'

const HANDSHAKE_5_4 = Buffer.from('6060b017' + '00000405' + '00000000'.repeat(3), 'hex')

function message(name: RequestName | number, ...fields: PackValue[]): Buffer {
  const writer = new PackStreamWriter()
  writer.pack(new Structure(typeof name === 'number' ? name : REQUEST_TAGS[name], fields))
  const out: Buffer[] = []
  appendChunked(out, Buffer.from(writer.bytes()))
  return Buffer.concat(out)
}

/** A raw Bolt client: writes bytes, collects the version answer and decoded responses, notes when the server closes. */
class RawClient {
  readonly socket: Socket
  readonly responses: Structure[] = []
  version: Buffer | undefined
  closed = false
  #dechunker = new MessageDechunker(1 << 30)

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1')
    this.socket.on('data', (bytes: Buffer) => {
      if (this.version === undefined) {
        this.version = bytes.subarray(0, 4)
        bytes = bytes.subarray(4)
      }
      for (const m of this.#dechunker.push(bytes)) this.responses.push(unpackOne(m) as Structure)
    })
    this.socket.on('error', () => undefined)
    this.socket.on('close', () => {
      this.closed = true
    })
  }

  async until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${this.responses.map((r) => r.tag.toString(16)).join(',')}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }

  close(): void {
    this.socket.destroy()
  }
}

const LOGIN = [message('HELLO', { user_agent: 'raw/1' }), message('LOGON', { scheme: 'basic', principal: 'admin', credentials: 'admin' })]

describe('Bolt server on a socket', () => {
  let graph: GraphDatabase
  let replicator: StandaloneReplicator
  let server: BoltServer
  const warnings: string[] = []
  const clients: RawClient[] = []
  const client = () => {
    const c = new RawClient(server.port)
    clients.push(c)
    return c
  }

  before(async () => {
    graph = await GraphDatabase.open({ memory: true })
    replicator = new StandaloneReplicator(graph, 'node-1', { now: () => Date.now() })
    await replicator.start()
    server = await startBoltServer({
      graph, replicator, credentials: { user: 'admin', password: 'admin' }, readConsistency: 'ONE', host: '127.0.0.1', port: 0,
      logger: { warn: (_facts, text) => warnings.push(text), debug: () => undefined },
    })
  })
  after(async () => {
    for (const c of clients) c.close()
    await server.close()
    await replicator.stop()
    await graph.close()
  })

  it('answers pipelined messages in order, from one write', async () => {
    const c = client()
    c.socket.write(Buffer.concat([
      HANDSHAKE_5_4, ...LOGIN,
      message('RUN', 'CREATE (n:Pipe) RETURN 1 AS one', {}, {}), message('PULL', { n: -1n }),
      message('RUN', 'MATCH (n:Pipe) RETURN count(n) AS c', {}, {}), message('PULL', { n: -1n }),
    ]))
    await c.until('eight responses', () => c.responses.length >= 8)
    assert.equal(c.version!.toString('hex'), '00000405')
    assert.deepEqual(c.responses.map((r) => r.tag), [0x70, 0x70, 0x70, 0x71, 0x70, 0x70, 0x71, 0x70])
    assert.deepEqual(c.responses[6]!.fields, [[1n]])
  })

  it('malformed bytes close that connection only, logged once; others keep working', async () => {
    const bad = client()
    const good = client()
    good.socket.write(Buffer.concat([HANDSHAKE_5_4, ...LOGIN]))
    await good.until('login', () => good.responses.length === 2)
    const before = warnings.length
    bad.socket.write(Buffer.concat([HANDSHAKE_5_4, Buffer.from('0003c7ffff0000', 'hex')]))
    await bad.until('the server to close the bad connection', () => bad.closed)
    assert.equal(warnings.length, before + 1)
    assert.match(warnings.at(-1)!, /malformed input/)
    good.socket.write(Buffer.concat([message('RUN', 'RETURN 2 AS two', {}, {}), message('PULL', { n: -1n })]))
    await good.until('the good connection to answer', () => good.responses.length === 5)
    assert.deepEqual(good.responses[3]!.fields, [[2n]])
  })

  it('an unknown message gets a FAILURE, then the connection closes', async () => {
    const c = client()
    c.socket.write(Buffer.concat([HANDSHAKE_5_4, ...LOGIN, message(0x55, 'what')]))
    await c.until('close', () => c.closed)
    const failure = c.responses.at(-1)!
    assert.equal(failure.tag, 0x7f)
    assert.equal((failure.fields[0] as PackMap).code, 'Neo.ClientError.Request.Invalid')
  })

  it('an HTTP request or an unsupported version gets four zero bytes and a closed connection', async () => {
    const http = client()
    http.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
    await http.until('close', () => http.closed)
    const old = client()
    old.socket.write(Buffer.from('6060b017' + '00000003' + '00000000'.repeat(3), 'hex'))
    await old.until('close', () => old.closed)
    assert.equal(old.version!.toString('hex'), '00000000')
  })

  // Bolt spec, INTERRUPTED: a RESET jumps the queue; the running PULL stops between rows and is
  // IGNORED, with everything queued before the RESET; then the connection serves the next query.
  it('a RESET sent while a long result streams stops it; the same connection answers the next query', async () => {
    const c = client()
    c.socket.write(Buffer.concat([
      HANDSHAKE_5_4, ...LOGIN,
      message('RUN', 'UNWIND range(1, 3000) AS a UNWIND range(1, 1000) AS b RETURN a, b', {}, {}), message('PULL', { n: -1n }),
    ]))
    await c.until('records to stream', () => c.responses.length > 1000)
    c.socket.write(Buffer.concat([message('PULL', { n: 5n }), message('RESET'), message('RUN', 'RETURN 7 AS seven', {}, {}), message('PULL', { n: -1n })]))
    await c.until('the query after the RESET', () => c.responses.at(-1)?.tag === 0x70 && c.responses.at(-2)?.tag === 0x71 && (c.responses.at(-2)!.fields[0] as PackValue[])[0] === 7n)
    const tail = c.responses.slice(c.responses.findIndex((r) => r.tag === 0x7e))
    assert.deepEqual(tail.map((r) => r.tag), [0x7e, 0x7e, 0x70, 0x70, 0x71, 0x70], 'IGNORED (running PULL), IGNORED (queued PULL), RESET, RUN, RECORD, summary')
    const records = c.responses.filter((r) => r.tag === 0x71).length - 1
    assert.ok(records < 3_000_000, `the read stopped early: ${records} of 3,000,000 rows sent`)
    assert.equal(graph.openReads, 0)
  })

  it('a client that disconnects while a long result streams releases its view of the graph', async () => {
    const c = client()
    c.socket.write(Buffer.concat([
      HANDSHAKE_5_4, ...LOGIN,
      message('RUN', 'UNWIND range(1, 3000) AS a UNWIND range(1, 1000) AS b RETURN a, b', {}, {}), message('PULL', { n: -1n }),
    ]))
    await c.until('records to stream', () => c.responses.length > 1000)
    assert.equal(graph.openReads, 1)
    c.close()
    await c.until('the server to release the read', () => graph.openReads === 0)
  })

  it('a message over the size limit is refused without reading it whole', async () => {
    const c = client()
    c.socket.write(HANDSHAKE_5_4)
    const chunk = Buffer.alloc(0xffff + 2, 0)
    chunk.writeUInt16BE(0xffff, 0)
    // Write until the server gives up; it must close before 64 MiB plus a chunk have gone by.
    let sent = 0
    while (!c.closed && sent <= 65 * 1024 * 1024) {
      if (!c.socket.write(chunk)) await new Promise((resolve) => { c.socket.once('drain', resolve); c.socket.once('close', resolve) })
      sent += chunk.length
    }
    await c.until('close', () => c.closed)
  })
})
