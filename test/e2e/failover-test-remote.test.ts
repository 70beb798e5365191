import assert from 'node:assert/strict'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { execa } from 'execa'
import { DRILL_ENV } from '../../src/ops/drill/local-target.js'
import { isAlive, stopPids } from '../../src/ops/local-cluster/local-cluster.js'
import { planLocalCluster } from '../../src/ops/local-cluster/local-cluster-plan.js'
import { freeBasePort } from '../../src/ops/local-cluster/free-base-port.js'
import { call } from './support/http.js'
import { BIN, runNornic, tempDir } from './support/nornic-process.js'
import { waitFor } from './support/wait-for.js'

const shellQuote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`

// Issue 8, Targets: a running cluster (`--node URL...`) with --kill-cmd and --restart-cmd templates,
// {node_id} filled in, as on a compose cluster (`docker kill nornicdb-{node_id}`). Here the templates
// kill by a PID file and start `nornic serve` from an environment file, so the drill never sees a PID.
describe('nornic failover-test against a running cluster', () => {
  const folder = tempDir('nornic-drill-remote-')
  const pidOf = (nodeId: string): number => Number(readFileSync(join(folder, `${nodeId}.pid`), 'utf8'))
  const nodeIds = ['node-1', 'node-2', 'node-3']
  after(async () => {
    await stopPids(nodeIds.flatMap((id) => { try { return [pidOf(id)] } catch { return [] } }), 10_000)
    rmSync(folder, { recursive: true, force: true })
  })

  it('kill-leader through the templates passes every check, and the cluster it was given keeps running', async () => {
    const specs = planLocalCluster({ mode: 'raft', nodes: 3, basePort: await freeBasePort(3), dataDir: folder, env: DRILL_ENV.raft })
    for (const spec of specs) {
      // Read back through `$(cat ...)`, which splits on spaces and keeps quotes: the values have neither.
      const env = Object.entries({ ...spec.env, NORNICDB_LOG_FORMAT: 'json' }).map(([key, value]) => `${key}=${value}`).join(' ')
      writeFileSync(join(folder, `${spec.nodeId}.env`), env)
    }
    const restartCmd = `env $(cat ${folder}/{node_id}.env) ${shellQuote(process.execPath)} ${shellQuote(BIN)} serve >>${folder}/{node_id}.log 2>&1 </dev/null & echo $! >${folder}/{node_id}.pid`
    const killCmd = `kill -9 $(cat ${folder}/{node_id}.pid)`
    for (const spec of specs) await execa(restartCmd.replaceAll('{node_id}', spec.nodeId), { shell: true })
    for (const spec of specs) {
      await waitFor(`${spec.nodeId} to be ready`, async () => ((await call(spec.httpUrl, '/health/ready').catch(() => undefined))?.status === 200 ? true : undefined), 60_000)
    }
    const nodes = specs.map((spec) => spec.httpUrl).join(',')

    const run = await runNornic(['failover-test', '--node', nodes, '--kill-cmd', killCmd, '--restart-cmd', restartCmd, '--fault', 'kill-leader', '--rounds', '1', '--steady', '1s', '--down', '500ms', '--clients', '4', '--json'], {}, 180_000)
    assert.equal(run.exitCode, 0, run.stdout + run.stderr)
    const result = JSON.parse(run.stdout)
    assert.equal(result.verdict, 'passed')
    assert.equal(result.target.kind, 'remote')
    assert.equal(result.rounds[0].target, result.rounds[0].writerBefore)
    await waitFor('every node of the cluster to run after the drill', async () => (nodeIds.every((id) => isAlive(pidOf(id))) ? true : undefined))
  })
})
