import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { CypherAnswer } from '../../../../src/ops/drill/drill-http.js'
import { HistoryRecorder } from '../../../../src/ops/drill/history-recorder.js'
import { pairOperations } from '../../../../src/ops/drill/history.js'
import { checkRegisters } from '../../../../src/ops/drill/linearizability/index.js'
import { roundRobinTargets, startWorkload, WORKLOAD_CYPHER } from '../../../../src/ops/drill/workload.js'

/** One register store and one set behind a fake HTTP API; node-2 refuses every write as a standby would. */
function fakeCluster() {
  const registers = new Map<string, unknown>()
  const set: unknown[] = []
  const refused: CypherAnswer = { ok: false, result: { kind: 'answer', status: 409, errorCode: 'Neo.ClientError.Cluster.NotALeader' }, message: 'standby' }
  const cypher = async (node: string, statement: string, parameters: Record<string, unknown>): Promise<CypherAnswer> => {
    await new Promise((resolve) => setImmediate(resolve))
    const key = parameters.key as string
    if (statement === WORKLOAD_CYPHER.read) return { ok: true, rows: registers.has(key) ? [[registers.get(key)]] : [] }
    if (node === 'http://node-2') return refused
    if (statement === WORKLOAD_CYPHER.add) set.push(parameters.value)
    else if (statement === WORKLOAD_CYPHER.write) registers.set(key, parameters.value)
    else if (statement === WORKLOAD_CYPHER.cas) {
      const matches = registers.has(key) && registers.get(key) === parameters.expected
      if (matches) registers.set(key, parameters.value)
      return { ok: true, rows: [[matches ? 1 : 0]] }
    }
    return { ok: true, rows: [] }
  }
  return { http: { cypher }, set }
}

describe('drill workload', () => {
  it('records every op as invoke then ok or fail, moves a client off a node that refuses, and yields a linearizable history', async () => {
    const cluster = fakeCluster()
    let clock = 0
    const recorder = new HistoryRecorder(() => ++clock)
    const targets = roundRobinTargets(() => ['http://node-1', 'http://node-2'])
    const workload = startWorkload({ clients: 4, http: cluster.http, recorder, targets, nodeId: (url) => url.slice(7), pauseMs: 0 })
    await new Promise((resolve) => setTimeout(resolve, 100))
    await workload.stop()

    const operations = pairOperations(recorder.events())
    const functions = new Set(operations.map((operation) => operation.f))
    assert.deepEqual([...functions].sort(), ['add', 'cas', 'read', 'write'])
    assert.ok(operations.every((operation) => operation.outcome === 'ok' || operation.outcome === 'fail'), 'no unknown outcomes against a fake that always answers')
    const refusedWrites = operations.filter((operation) => operation.node === 'node-2' && operation.f !== 'read')
    assert.ok(refusedWrites.length > 0 && refusedWrites.every((operation) => operation.outcome === 'fail'))
    const ackedAdds = operations.filter((operation) => operation.f === 'add' && operation.outcome === 'ok').map((operation) => operation.value)
    assert.deepEqual([...ackedAdds].sort(), [...cluster.set].sort())
    assert.equal(new Set(cluster.set).size, cluster.set.length, 'set values are unique')
    assert.equal(checkRegisters(operations).verdict, 'linearizable')
  })
})
