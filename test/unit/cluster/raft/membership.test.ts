import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applyConfChange, membershipOf } from '../../../../src/cluster/raft/membership.js'

const base = membershipOf(['n1', 'n2', 'n3'], ['n4'])

test('single-server changes produce the whole resulting membership', () => {
  assert.deepEqual(applyConfChange(base, { kind: 'addVoter', node: 'n5' }), membershipOf(['n1', 'n2', 'n3', 'n5'], ['n4']))
  assert.deepEqual(applyConfChange(base, { kind: 'addLearner', node: 'n5' }), membershipOf(['n1', 'n2', 'n3'], ['n4', 'n5']))
  assert.deepEqual(applyConfChange(base, { kind: 'promoteLearner', node: 'n4' }), membershipOf(['n1', 'n2', 'n3', 'n4']))
  assert.deepEqual(applyConfChange(base, { kind: 'remove', node: 'n2' }), membershipOf(['n1', 'n3'], ['n4']))
  assert.deepEqual(applyConfChange(base, { kind: 'remove', node: 'n4' }), membershipOf(['n1', 'n2', 'n3']))
})

test('changes that do not apply are refused with a reason', () => {
  assert.equal(applyConfChange(base, { kind: 'addVoter', node: 'n4' }), 'n4 is already a member')
  assert.equal(applyConfChange(base, { kind: 'promoteLearner', node: 'n2' }), 'n2 is not a learner')
  assert.equal(applyConfChange(base, { kind: 'remove', node: 'n9' }), 'n9 is not a member')
  assert.equal(applyConfChange(membershipOf(['n1']), { kind: 'remove', node: 'n1' }), 'removing n1 would leave no voter')
  assert.equal(applyConfChange(base, { kind: 'addLearner', node: '' }), 'a membership change needs a node id')
})
