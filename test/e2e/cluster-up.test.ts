import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { execa } from 'execa'
import { stopPids } from '../../src/ops/local-cluster/local-cluster.js'
import { assertDocumentedJson } from './support/cli-json-shape.js'
import { freeBasePort } from '../../src/ops/local-cluster/free-base-port.js'
import { call } from './support/http.js'
import { BIN, runNornic, tempDir } from './support/nornic-process.js'
import { waitFor } from './support/wait-for.js'

describe('nornic cluster up --detach / cluster down', () => {
  const started: number[] = []
  after(() => stopPids(started, 10_000))

  it('starts a 3-node raft cluster, reports it healthy, and stops every node', async () => {
    const dataDir = tempDir()
    const basePort = await freeBasePort(3)
    const up = await runNornic(['cluster', 'up', '--mode', 'raft', '--detach', '--json', '--data-dir', dataDir, '--base-port', String(basePort)], {}, 90_000)
    const answer = assertDocumentedJson('cluster up', up.stdout)
    started.push(...(answer.result?.nodes ?? []).map((node: { pid: number }) => node.pid))
    assert.equal(up.exitCode, 0, up.stderr)
    assert.equal(answer.result.nodes.length, 3)
    assert.ok(existsSync(join(dataDir, 'nornic-cluster.json')))

    const nodes = answer.result.nodes.map((node: { httpUrl: string }) => node.httpUrl).join(',')
    const status = await runNornic(['cluster', 'status', '--json', '--node', nodes])
    assert.equal(status.exitCode, 0, status.stdout + status.stderr)
    const view = assertDocumentedJson('cluster status', status.stdout).result
    assert.equal(view.mode, 'raft')
    assert.ok(view.leader?.id, 'a leader is known')

    const down = await runNornic(['cluster', 'down', '--json', '--data-dir', dataDir])
    assert.equal(down.exitCode, 0, down.stderr)
    assert.deepEqual(assertDocumentedJson('cluster down', down.stdout).result.stopped.sort(), ['node-1', 'node-2', 'node-3'])
    assert.ok(!existsSync(join(dataDir, 'nornic-cluster.json')))
    for (const pid of started) assert.throws(() => process.kill(pid, 0), 'the node process is gone')

    const again = await runNornic(['cluster', 'down', '--data-dir', dataDir])
    assert.equal(again.exitCode, 0, 'a cluster already gone counts as stopped')
  })

  it('in the foreground streams every node\'s log with its name in front, and Ctrl-C stops them all', async () => {
    const basePort = await freeBasePort(3)
    const up = execa(process.execPath, [BIN, 'cluster', 'up', '--mode', 'ha_standby', '--data-dir', tempDir(), '--base-port', String(basePort)], { reject: false, env: { NO_COLOR: '1' } })
    let output = ''
    up.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
    try {
      await waitFor('the cluster to be up', async () => (output.includes('Ctrl-C stops every node') ? true : undefined), 90_000)
      assert.match(output, /^primary-1 \| \{/m, 'primary-1 log lines carry its name')
      assert.match(output, /^standby-1 \| \{/m, 'standby-1 log lines carry its name')
      assert.match(output, /mode ha_standby {2}primary primary-1/)
    } finally {
      up.kill('SIGINT')
      await up
    }
    assert.equal(up.exitCode, 0, output)
    for (const port of [basePort, basePort + 1]) {
      await assert.rejects(call(`http://127.0.0.1:${port}`, '/health/live'), /ECONNREFUSED/, `the node on ${port} is gone`)
    }
  })
})
