import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ClusterView, MemberView } from '../../../src/ops/admin/cluster-view.js'
import { planAdd, planRemove, planTransfer } from '../../../src/ops/admin/membership-plan.js'

function member(id: string, healthy = true, lagEntries: number | null = 0, voter: boolean | null = true): MemberView {
  return { id, address: `${id}:7000`, role: null, healthy, voter, commitIndex: null, appliedIndex: null, matchIndex: null, lagEntries, lastContactMs: null }
}

function view(members: MemberView[], leader: string | null = 'node-1'): ClusterView {
  return { clusterId: 'c', mode: 'raft', leader: leader === null ? null : { id: leader, address: null }, term: 2, epoch: null, members, healthy: true, answeredBy: 'http://x' }
}

const three = (): MemberView[] => [member('node-1'), member('node-2'), member('node-3')]

describe('membership change plans', () => {
  it('removing one of three healthy voters keeps a quorum of 2', () => {
    const plan = planRemove(view(three()), 'node-3')
    assert.equal(plan.safe, true)
    assert.deepEqual([plan.votersBefore, plan.votersAfter, plan.quorumAfter, plan.healthyVotersAfter], [3, 2, 2, 2])
  })

  it('removing a healthy voter while another is down would lose the quorum, and says so', () => {
    const plan = planRemove(view([member('node-1'), member('node-2'), member('node-3', false)]), 'node-2')
    assert.equal(plan.safe, false)
    assert.match(plan.reasons.join(), /1 healthy voter\(s\) of 2 could not form a quorum of 2/)
  })

  it('removing a node that is not a member is already done', () => {
    const plan = planRemove(view(three()), 'node-9')
    assert.equal(plan.alreadyDone, true)
    assert.equal(plan.safe, true)
  })

  it('adding a voter counts it as unhealthy until it has caught up', () => {
    const plan = planAdd(view(three()), 'node-4', 'node4:7000', true)
    assert.deepEqual([plan.votersAfter, plan.quorumAfter, plan.healthyVotersAfter, plan.safe], [4, 3, 3, true])
    const risky = planAdd(view([member('node-1'), member('node-2'), member('node-3', false)]), 'node-4', 'node4:7000', true)
    assert.equal(risky.safe, false, '2 healthy of 4 voters cannot form a quorum of 3')
    assert.equal(planAdd(view([member('node-1'), member('node-2'), member('node-3', false)]), 'node-4', 'node4:7000', false).safe, true, 'a non-voter does not change the quorum')
  })

  it('transfer without a target picks the healthy voter least behind', () => {
    const plan = planTransfer(view([member('node-1'), member('node-2', true, 5), member('node-3', true, 1), member('node-4', true, 0, false)]), undefined)
    assert.equal(plan.target, 'node-3')
    assert.equal(plan.safe, true)
  })

  it('transfer to a non-voter, an unhealthy node or a stranger is refused with the reason', () => {
    const members = [member('node-1'), member('node-2', false), member('node-3', true, 0, false)]
    assert.match(planTransfer(view(members), 'node-2').reasons.join(), /node-2 is not healthy/)
    assert.match(planTransfer(view(members), 'node-3').reasons.join(), /non-voter/)
    assert.match(planTransfer(view(members), 'node-9').reasons.join(), /not a member/)
    assert.equal(planTransfer(view(members), 'node-1').alreadyDone, true, 'the leader already leads')
  })

  it('nothing is safe without a leader', () => {
    assert.match(planRemove(view(three(), null), 'node-3').reasons.join(), /no leader/)
  })
})
