import assert from 'node:assert/strict'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { CHECK_NAMES } from '../../src/ops/drill/checks.js'
import { DrillHttp } from '../../src/ops/drill/drill-http.js'
import { runDrill } from '../../src/ops/drill/drill.js'
import { parseHistoryLines } from '../../src/ops/drill/history-file.js'
import { startLocalTarget, type LocalTarget } from '../../src/ops/drill/local-target.js'
import { runNornic, tempDir } from './support/nornic-process.js'

const CREDENTIALS = { timeoutMs: 5000, user: 'admin', password: 'admin' }
const SHORT = ['--steady', '1s', '--down', '500ms', '--clients', '4']

/** --json prints the report alone, with a version field. */
function report(stdout: string): any {
  const parsed = JSON.parse(stdout)
  assert.equal(parsed.version, 1, stdout)
  assert.ok(typeof parsed.verdict === 'string', 'the report itself, not an envelope')
  return parsed
}

// Issue 8: a short drill passes on a local raft cluster and on a local hot-standby pair, its report
// has every check and the per-round timings, and the checks can fail.
describe('nornic failover-test', () => {
  const targets: LocalTarget[] = []
  const folders: string[] = []
  after(async () => {
    await Promise.all(targets.map((target) => target.close()))
    for (const folder of folders) rmSync(folder, { recursive: true, force: true })
  })

  it('kill-leader twice on a local 3-node raft cluster passes every check, with timings and a history file', async () => {
    const folder = tempDir('nornic-drill-test-')
    folders.push(folder)
    const history = join(folder, 'history.jsonl')
    const run = await runNornic(['failover-test', '--local', '--mode', 'raft', '--nodes', '3', '--fault', 'kill-leader', '--rounds', '2', '--json', '--history', history, ...SHORT], {}, 180_000)
    assert.equal(run.exitCode, 0, run.stdout + run.stderr)
    const result = report(run.stdout)
    assert.equal(result.verdict, 'passed')
    assert.deepEqual(result.checks.map((check: { name: string; ok: boolean }) => [check.name, check.ok]), CHECK_NAMES.map((name) => [name, true]))
    assert.equal(result.rounds.length, 2)
    for (const round of result.rounds) {
      assert.equal(round.target, round.writerBefore, 'kill-leader kills the leader')
      assert.notEqual(round.writerAfter, round.writerBefore, 'another node leads after the leader died')
      assert.equal(typeof round.timings.newLeaderMs, 'number')
      assert.equal(typeof round.timings.firstAckMs, 'number')
    }
    for (const figure of ['detectionMs', 'newLeaderMs', 'firstAckMs', 'unavailableMs']) {
      const { min, median, max } = result.timings[figure]
      assert.ok(min <= median && median <= max, `${figure}: ${min} <= ${median} <= ${max}`)
    }
    const events = parseHistoryLines(readFileSync(history, 'utf8'))
    assert.equal(events.filter((event) => event.type === 'invoke').length, result.operations.total)
    assert.ok(result.operations.ok > 0)
  })

  it('kill-leader on a local hot standby pair passes every check: the standby is promoted', async () => {
    const run = await runNornic(['failover-test', '--local', '--mode', 'ha_standby', '--fault', 'kill-leader', '--rounds', '1', '--json', ...SHORT], {}, 180_000)
    assert.equal(run.exitCode, 0, run.stdout + run.stderr)
    const result = report(run.stdout)
    assert.equal(result.verdict, 'passed')
    assert.deepEqual(result.rounds.map((round: { writerBefore: string; writerAfter: string }) => [round.writerBefore, round.writerAfter]), [['primary-1', 'standby-1']])
  })

  it('partition-leader cuts the leader off through the relays: another node leads, and every check passes after the heal', async () => {
    const run = await runNornic(['failover-test', '--local', '--mode', 'raft', '--fault', 'partition-leader', '--rounds', '1', '--json', ...SHORT], {}, 180_000)
    assert.equal(run.exitCode, 0, run.stdout + run.stderr)
    const result = report(run.stdout)
    assert.equal(result.verdict, 'passed')
    assert.notEqual(result.rounds[0].writerAfter, result.rounds[0].writerBefore)
  })

  it('fails the lost-writes check when acknowledged elements are deleted behind the drill\'s back', async () => {
    const target = await startLocalTarget({ mode: 'raft', nodes: 3, readyTimeoutMs: 60_000 })
    targets.push(target)
    const http = new DrillHttp(CREDENTIALS)
    const { control } = target
    // Before the killed leader comes back, a survivor deletes every element acknowledged so far.
    const sabotaged = {
      ...control,
      restart: async (id: string) => {
        const survivor = control.nodes.find((node) => node.id !== id)!
        const deleted = await http.cypher(survivor.url, 'MATCH (e:DrillElement) DELETE e', {})
        assert.ok(deleted.ok, 'the planted deletion was applied')
        await control.restart(id)
      },
    }
    const result = await runDrill({ mode: 'raft', kind: 'local', control: sabotaged, fault: 'kill-leader', rounds: 1, clients: 4, http: CREDENTIALS, steadyMs: 1000, downMs: 500, healTimeoutMs: 60_000 })
    assert.equal(result.verdict, 'safety-check-failed')
    const failed = result.checks.filter((check) => !check.ok).map((check) => check.name)
    assert.deepEqual(failed, ['lost-writes'])
    assert.match(result.checks[0]?.detail ?? '', /acknowledged adds missing/)
  })

  it('drives a running cluster given by --node (transfer-leadership needs no templates), refuses a kill fault without them, and misses an SLO of 1ms', async () => {
    const target = await startLocalTarget({ mode: 'raft', nodes: 3, readyTimeoutMs: 60_000 })
    targets.push(target)
    const nodes = target.control.nodes.map((node) => node.url).join(',')
    const usage = await runNornic(['failover-test', '--node', nodes, '--fault', 'kill-leader', '--json'])
    assert.equal(usage.exitCode, 2, usage.stdout + usage.stderr)
    assert.match(JSON.parse(usage.stdout).error.message, /needs --kill-cmd and --restart-cmd/)

    const run = await runNornic(['failover-test', '--node', nodes, '--fault', 'transfer-leadership', '--rounds', '1', '--slo-failover', '1ms', '--json', ...SHORT], {}, 120_000)
    assert.equal(run.exitCode, 4, run.stdout + run.stderr)
    const result = report(run.stdout)
    assert.equal(result.verdict, 'slo-missed')
    assert.ok(result.checks.every((check: { ok: boolean }) => check.ok), 'every safety check still passes')
    assert.equal(result.slo.failoverMs, 1)
    assert.equal(result.target.kind, 'remote')
    assert.deepEqual(result.target.nodes, ['node-1', 'node-2', 'node-3'])
    assert.notEqual(result.rounds[0].writerAfter, result.rounds[0].writerBefore)
  })
})
