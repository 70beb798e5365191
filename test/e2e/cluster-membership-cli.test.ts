import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { assertDocumentedJson } from './support/cli-json-shape.js'
import { runNornic, stopAllNodes } from './support/nornic-process.js'
import { RaftCluster } from './support/raft-cluster.js'


describe('nornic cluster add / transfer-leadership / remove against a raft cluster', () => {
  after(stopAllNodes)

  it('adds a node, moves leadership to a named node, and removes the node again', async () => {
    const cluster = await RaftCluster.start()
    const nodes = cluster.members.map((member) => member.node.httpUrl).join(',')
    const joiner = await cluster.spawnJoiner('node-4', cluster.members.slice(0, 3))

    const dryRun = await runNornic(['cluster', 'add', 'node-4', `127.0.0.1:${joiner.clusterPort}`, '--dry-run', '--json', '--node', nodes])
    assert.equal(dryRun.exitCode, 0, dryRun.stderr)
    assert.equal(assertDocumentedJson('cluster add', dryRun.stdout).result.plan.safe, true)
    assert.equal(assertDocumentedJson('cluster add', dryRun.stdout).result.sent, false)

    const added = await runNornic(['cluster', 'add', 'node-4', `127.0.0.1:${joiner.clusterPort}`, '--json', '--node', nodes, '--wait-timeout', '60s'], {}, 90_000)
    assert.equal(added.exitCode, 0, added.stdout + added.stderr)
    const afterAdd = assertDocumentedJson('cluster add', added.stdout).result.after
    assert.equal(afterAdd.members.find((member: { id: string }) => member.id === 'node-4')?.voter, true)

    const leader = await cluster.leader()
    const target = cluster.members.find((member) => member.id !== leader.id && member.id !== 'node-4')!.id
    const moved = await runNornic(['cluster', 'transfer-leadership', '--to', target, '--json', '--node', nodes])
    assert.equal(moved.exitCode, 0, moved.stdout + moved.stderr)
    assert.equal(assertDocumentedJson('cluster transfer-leadership', moved.stdout).result.after.leader.id, target)

    const refused = await runNornic(['cluster', 'transfer-leadership', '--to', 'node-9', '--node', nodes])
    assert.equal(refused.exitCode, 1)
    assert.match(refused.stderr, /node-9 is not a member \[Nornic\.Cluster\.ChangeRefused\]/)

    const removed = await runNornic(['cluster', 'remove', 'node-4', '--json', '--node', nodes])
    assert.equal(removed.exitCode, 0, removed.stdout + removed.stderr)
    assert.ok(!assertDocumentedJson('cluster remove', removed.stdout).result.after.members.some((member: { id: string }) => member.id === 'node-4'))

    const again = await runNornic(['cluster', 'remove', 'node-4', '--node', nodes])
    assert.equal(again.exitCode, 0)
    assert.match(again.stdout, /nothing to do: remove node-4 is already the case/)
  })
})
