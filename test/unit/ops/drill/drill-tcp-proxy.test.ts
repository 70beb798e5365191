import assert from 'node:assert/strict'
import { once } from 'node:events'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { after, describe, it } from 'node:test'
import { LinkProxies, TcpProxy } from '../../../../src/ops/drill/tcp-proxy.js'

const servers: Server[] = []
const closers: (() => Promise<void>)[] = []

/** An echo server on a free port of 127.0.0.1. */
async function echoServer(): Promise<number> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined)
    socket.pipe(socket)
  })
  servers.push(server)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return (server.address() as { port: number }).port
}

/** Sends `text` through `port` and resolves with the echo, or with `closed` when the relay drops it. */
async function roundTrip(port: number, text: string): Promise<string> {
  const socket: Socket = connect({ host: '127.0.0.1', port })
  socket.on('error', () => undefined)
  try {
    return await new Promise<string>((resolve) => {
      let received = ''
      socket.on('data', (chunk) => {
        received += chunk.toString()
        if (received.length >= text.length) resolve(received)
      })
      socket.on('close', () => resolve(received === '' ? 'closed' : received))
      socket.write(text)
    })
  } finally {
    socket.destroy()
  }
}

after(async () => {
  await Promise.all(closers.map((close) => close()))
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
})

// Issue 8, Faults: partition-leader cuts the leader's cluster traffic through a TCP relay in front
// of each node's cluster port.
describe('drill TCP relays', () => {
  it('relays both ways, drops open connections when cut, refuses new ones until healed', async () => {
    const proxy = await TcpProxy.start(await echoServer())
    closers.push(() => proxy.close())
    assert.equal(await roundTrip(proxy.port, 'hello'), 'hello')

    const open = connect({ host: '127.0.0.1', port: proxy.port })
    open.on('error', () => undefined)
    await once(open, 'connect')
    const closed = once(open, 'close')
    proxy.cut()
    await closed
    assert.equal(await roundTrip(proxy.port, 'again'), 'closed')

    proxy.heal()
    assert.equal(await roundTrip(proxy.port, 'healed'), 'healed')
  })

  it('isolating a node cuts every link to and from it and leaves the others up', async () => {
    const ports = new Map([['a', await echoServer()], ['b', await echoServer()], ['c', await echoServer()]])
    const links = await LinkProxies.start(ports)
    closers.push(() => links.close())
    const port = (from: string, to: string): number => Number(links.addressFor(from, to).split(':')[1])
    assert.equal(new Set([...ports.keys()].flatMap((from) => [...ports.keys()].filter((to) => to !== from).map((to) => port(from, to)))).size, 6)

    links.isolate('a')
    assert.equal(await roundTrip(port('a', 'b'), 'x'), 'closed')
    assert.equal(await roundTrip(port('c', 'a'), 'x'), 'closed')
    assert.equal(await roundTrip(port('b', 'c'), 'up'), 'up')
    assert.equal(await roundTrip(port('c', 'b'), 'up'), 'up')

    links.healAll()
    assert.equal(await roundTrip(port('a', 'b'), 'back'), 'back')
  })
})
