import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { stopPids } from '../../src/ops/local-cluster/local-cluster.js'
import { freePortBlock } from './support/free-port.js'
import { runNornic, tempDir } from './support/nornic-process.js'

describe('nornic cluster up --detach / cluster down', () => {
  const started: number[] = []
  after(() => stopPids(started, 10_000))

  it('starts a 3-node raft cluster, reports it healthy, and stops every node', async () => {
    const dataDir = tempDir()
    const basePort = await freePortBlock(30)
    const up = await runNornic(['cluster', 'up', '--mode', 'raft', '--detach', '--json', '--data-dir', dataDir, '--base-port', String(basePort)], {}, 90_000)
    const answer = JSON.parse(up.stdout)
    started.push(...(answer.result?.nodes ?? []).map((node: { pid: number }) => node.pid))
    assert.equal(up.exitCode, 0, up.stderr)
    assert.equal(answer.result.nodes.length, 3)
    assert.ok(existsSync(join(dataDir, 'nornic-cluster.json')))

    const nodes = answer.result.nodes.map((node: { httpUrl: string }) => node.httpUrl).join(',')
    const status = await runNornic(['cluster', 'status', '--json', '--node', nodes])
    assert.equal(status.exitCode, 0, status.stdout + status.stderr)
    const view = JSON.parse(status.stdout).result
    assert.equal(view.mode, 'raft')
    assert.ok(view.leader?.id, 'a leader is known')

    const down = await runNornic(['cluster', 'down', '--json', '--data-dir', dataDir])
    assert.equal(down.exitCode, 0, down.stderr)
    assert.deepEqual(JSON.parse(down.stdout).result.stopped.sort(), ['node-1', 'node-2', 'node-3'])
    assert.ok(!existsSync(join(dataDir, 'nornic-cluster.json')))
    for (const pid of started) assert.throws(() => process.kill(pid, 0), 'the node process is gone')

    const again = await runNornic(['cluster', 'down', '--data-dir', dataDir])
    assert.equal(again.exitCode, 0, 'a cluster already gone counts as stopped')
  })
})
