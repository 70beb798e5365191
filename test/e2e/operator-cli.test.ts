import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:net'
import { after, describe, it } from 'node:test'
import { execa } from 'execa'
import { assertDocumentedJson } from './support/cli-json-shape.js'
import { freePort } from './support/free-port.js'
import { HaPair } from './support/ha-pair.js'
import { BIN, NornicNode, runNornic, stopAllNodes } from './support/nornic-process.js'
import { RaftCluster } from './support/raft-cluster.js'
import { waitFor } from './support/wait-for.js'

describe('operator commands: errors a person can act on', () => {
  let silent: Server | undefined
  after(async () => {
    silent?.close()
    await stopAllNodes()
  })

  it('a refused connection, a node that never answers, and bad credentials each get one line naming the node', async () => {
    const closedPort = await freePort()
    const refused = await runNornic(['cluster', 'status', '--node', `127.0.0.1:${closedPort}`])
    assert.equal(refused.exitCode, 1)
    assert.equal(refused.stderr.split('\n')[0], `error: http://127.0.0.1:${closedPort}: connection refused; is \`nornic serve\` running there? [Nornic.Cli.NodeUnreachable]`)
    assert.doesNotMatch(refused.stderr, /at .*\.js:\d+/, 'no stack trace without --debug')

    silent = createServer(() => undefined)
    await new Promise<void>((resolve) => silent!.listen(0, '127.0.0.1', resolve))
    const silentPort = (silent.address() as { port: number }).port
    const timedOut = await runNornic(['cluster', 'status', '--node', `127.0.0.1:${silentPort}`, '--timeout', '500ms', '--json'])
    assert.equal(timedOut.exitCode, 1)
    const envelope = assertDocumentedJson('cluster status', timedOut.stdout)
    assert.equal(envelope.status, 'error')
    assert.equal(envelope.error.message, `http://127.0.0.1:${silentPort}: timed out after 0.5s`)

    const node = await NornicNode.start()
    const unauthorized = await runNornic(['cluster', 'status', '--node', node.httpUrl, '--password', 'wrong'])
    assert.equal(unauthorized.exitCode, 1)
    assert.match(unauthorized.stderr, /^error: http:\/\/127\.0\.0\.1:\d+: 401: bad credentials \(user admin\) \[Neo\.ClientError\.Security\.Unauthorized\]/)
    const fromEnv = await runNornic(['cluster', 'status', '--json'], { NORNIC_NODES: node.httpUrl, NORNIC_PASSWORD: 'admin' })
    assert.equal(fromEnv.exitCode, 0, fromEnv.stderr)
    assert.equal(assertDocumentedJson('cluster status', fromEnv.stdout).result.mode, 'standalone')
  })
})

describe('operator commands against a raft cluster', () => {
  after(stopAllNodes)

  it('cluster status --watch --json prints one line per change; an add that never catches up exits 3', async () => {
    const cluster = await RaftCluster.start()
    const nodes = cluster.members.map((member) => member.node.httpUrl).join(',')
    const watcher = execa(process.execPath, [BIN, 'cluster', 'status', '--watch', '--json', '--interval', '200ms', '--node', nodes], { reject: false, buffer: true })
    const lines: any[] = []
    watcher.stdout?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter((text) => text.trim() !== '')) lines.push(assertDocumentedJson('cluster status', line))
    })
    try {
      await waitFor('a first status line', async () => (lines.length > 0 ? true : undefined), 30_000)
      const first = lines[0].result
      const target = first.members.find((member: { id: string }) => member.id !== first.leader.id).id
      const moved = await runNornic(['cluster', 'transfer-leadership', '--to', target, '--node', nodes])
      assert.equal(moved.exitCode, 0, moved.stderr)
      await waitFor('a status line with the new leader', async () => (lines.some((line) => line.result?.leader?.id === target) ? true : undefined), 30_000)
      const unchanged = lines.filter((line, i) => i > 0 && JSON.stringify({ ...line.result, answeredBy: 0 }) === JSON.stringify({ ...lines[i - 1].result, answeredBy: 0 }))
      assert.deepEqual(unchanged, [], 'a line only when something changed')
    } finally {
      watcher.kill('SIGINT')
      await watcher
    }
    assert.equal(watcher.exitCode, 0)

    const unreachable = await freePort()
    const stuck = await runNornic(['cluster', 'add', 'node-9', `127.0.0.1:${unreachable}`, '--wait-timeout', '2s', '--node', nodes])
    assert.equal(stuck.exitCode, 3, stuck.stdout + stuck.stderr)
    assert.match(stuck.stdout, /add node-9 .*: accepted, not yet in effect/)
    const removed = await runNornic(['cluster', 'remove', 'node-9', '--node', nodes])
    assert.equal(removed.exitCode, 0, removed.stdout + removed.stderr)
  })
})

describe('nornic promote against a hot standby pair', () => {
  let pair: HaPair | undefined
  after(() => pair?.close())

  it('promotes the standby (found by its role), fencing the primary; without a reachable primary it needs --force', async () => {
    pair = await HaPair.start({ syncMode: 'semi_sync' })
    const both = `${pair.node1.httpUrl},${pair.node2.httpUrl}`
    const promoted = await runNornic(['promote', '--json', '--node', both])
    assert.equal(promoted.exitCode, 0, promoted.stdout + promoted.stderr)
    const outcome = assertDocumentedJson('promote', promoted.stdout).result
    assert.equal(outcome.promoted, pair.node2.httpUrl)
    assert.equal(outcome.converged, true)
    const roles = new Map(outcome.roles.map((role: { nodeId: string; role: string }) => [role.nodeId, role.role]))
    assert.equal(roles.get('node-2'), 'primary')
    assert.ok(['fenced', 'standby'].includes(roles.get('node-1') as string), `the old primary no longer takes writes: ${roles.get('node-1')}`)

    await pair.node1.kill('SIGKILL')
    await pair.restart('node-1')
    await waitFor('node-1 to rejoin as standby', async () => ((await runNornic(['cluster', 'status', '--json', '--node', pair!.node1.httpUrl])).stdout.includes('"standby"') ? true : undefined), 30_000)
    await pair.node2.kill('SIGKILL')
    const refused = await runNornic(['promote', '--node', pair.node1.httpUrl])
    assert.equal(refused.exitCode, 1)
    assert.match(refused.stderr, /PromoteNeedsForce/)
    const forced = await runNornic(['promote', '--force', '--node', pair.node1.httpUrl])
    assert.equal(forced.exitCode, 0, forced.stdout + forced.stderr)
    assert.match(forced.stdout, /node-1 \(http:\/\/127\.0\.0\.1:\d+\): primary/)
  })
})
