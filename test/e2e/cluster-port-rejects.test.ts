import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { after, describe, it } from 'node:test'
import { freePort } from './support/free-port.js'
import { call, cypher } from './support/http.js'
import { NornicNode, stopAllNodes } from './support/nornic-process.js'

/** Sends raw bytes to a port and waits (bounded) until the other side closes the connection. */
function sendRaw(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes))
    const timer = setTimeout(() => socket.destroy(), 5000)
    socket.on('close', () => { clearTimeout(timer); resolve() })
    socket.on('error', () => undefined)
  })
}

describe('the cluster port of a running node refuses bad frames', () => {
  after(stopAllNodes)

  it('closes the offending connection, counts it by reason in /metrics, and keeps serving', async () => {
    const clusterPort = await freePort()
    const node = await NornicNode.start({
      env: {
        NORNICDB_CLUSTER_MODE: 'raft', NORNICDB_CLUSTER_NODE_ID: 'node-1', NORNICDB_CLUSTER_RAFT_BOOTSTRAP: 'true',
        NORNICDB_CLUSTER_BIND_ADDR: `127.0.0.1:${clusterPort}`,
      },
    })
    await sendRaw(clusterPort, Buffer.concat([Buffer.from([0, 0, 0, 5]), Buffer.from('hello')]))
    await sendRaw(clusterPort, Buffer.from([0xff, 0xff, 0xff, 0xff]))
    const metrics = await call(node.httpUrl, '/metrics', { auth: null })
    assert.match(metrics.text, /^nornicdb_transport_rejected_frames_total\{reason="malformed"\} 1$/m)
    assert.match(metrics.text, /^nornicdb_transport_rejected_frames_total\{reason="oversized"\} 1$/m)
    const write = await cypher(node.httpUrl, [{ statement: 'CREATE (:StillServing) RETURN 1 AS one' }])
    assert.equal(write.status, 200, write.text)
    assert.equal((await node.kill('SIGTERM')).exitCode, 0)
  })
})
