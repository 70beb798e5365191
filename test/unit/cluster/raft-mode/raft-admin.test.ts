import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { quorumRiskOfRemoval } from '../../../../src/cluster/raft-mode/raft-admin.js'

// The issue: "POST /admin/cluster/remove: refused, with the reason, when the cluster would lose
// its quorum given who is healthy now, unless force".
describe('quorumRiskOfRemoval', () => {
  const voters = ['n1', 'n2', 'n3']

  it('allows removing a member when the rest keep a healthy majority', () => {
    assert.equal(quorumRiskOfRemoval(voters, 'n3', () => true), undefined)
    assert.equal(quorumRiskOfRemoval(voters, 'n3', (id) => id !== 'n3'), undefined)
  })

  it('refuses when the remaining voters hold no healthy majority, naming the unhealthy ones', () => {
    const risk = quorumRiskOfRemoval(voters, 'n2', (id) => id !== 'n3')
    assert.match(risk ?? '', /1 of the 2 remaining voters are healthy and 2 are needed/)
    assert.match(risk ?? '', /unhealthy: n3/)
  })

  it('refuses removing the last voter', () => {
    assert.match(quorumRiskOfRemoval(['n1'], 'n1', () => true) ?? '', /last voter/)
  })

  it('in a five-voter cluster, needs three healthy of the four left', () => {
    const five = ['n1', 'n2', 'n3', 'n4', 'n5']
    assert.equal(quorumRiskOfRemoval(five, 'n5', (id) => id !== 'n4'), undefined)
    assert.notEqual(quorumRiskOfRemoval(five, 'n5', (id) => id !== 'n4' && id !== 'n3'), undefined)
  })
})
