import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { classifyOutcome } from '../../../../src/ops/drill/outcome.js'

const answer = (status: number, errorCode?: string) => classifyOutcome({ kind: 'answer', status, errorCode })
const transport = (errorCode: string | undefined, timedOut = false) => classifyOutcome({ kind: 'transport', errorCode, timedOut })

// Issue 8, Workload: ok (it happened), fail (it surely did not), info (unknown).
describe('drill outcome classification', () => {
  it('a 200 without errors is ok', () => {
    assert.equal(answer(200), 'ok')
  })

  it('refusals before anything was proposed are fail: NotALeader from a standby, no leader, a client error', () => {
    assert.equal(answer(409, 'Neo.ClientError.Cluster.NotALeader'), 'fail')
    assert.equal(answer(503, 'Neo.TransientError.Cluster.NoLeader'), 'fail')
    assert.equal(answer(503, 'Nornic.Cluster.ChangeInProgress'), 'fail')
    assert.equal(answer(400, 'Neo.ClientError.Statement.SyntaxError'), 'fail')
    assert.equal(answer(401, undefined), 'fail')
  })

  it('answers that say the write was dropped before commit are fail', () => {
    assert.equal(answer(503, 'Nornic.Cluster.LeadershipLost'), 'fail')
    assert.equal(answer(503, 'Nornic.Cluster.StandbyUnavailable'), 'fail')
  })

  it('5xx answers whose outcome is unknown are info', () => {
    assert.equal(answer(503, 'Nornic.Cluster.OutcomeUnknown'), 'info')
    assert.equal(answer(503, 'Nornic.Cluster.RequestTimeout'), 'info')
    assert.equal(answer(503, 'Nornic.Cluster.PeerUnavailable'), 'info')
    assert.equal(answer(500, 'Neo.DatabaseError.General.UnknownError'), 'info')
    assert.equal(answer(502, undefined), 'info')
  })

  it('a connection never made is fail; a timeout or reset after sending is info', () => {
    assert.equal(transport('ECONNREFUSED'), 'fail')
    assert.equal(transport('UND_ERR_CONNECT_TIMEOUT'), 'fail')
    assert.equal(transport('ECONNRESET'), 'info')
    assert.equal(transport('UND_ERR_SOCKET'), 'info')
    assert.equal(transport(undefined, true), 'info')
    assert.equal(transport('UND_ERR_HEADERS_TIMEOUT', true), 'info')
    assert.equal(transport(undefined), 'info')
  })
})
