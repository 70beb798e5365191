import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import chalk from 'chalk'
import { clusterView } from '../../../src/ops/admin/cluster-view.js'
import { renderClusterView } from '../../../src/ops/cli/render-cluster.js'

const leaderAnswer = {
  cluster_id: 'my-cluster', mode: 'raft', node_id: 'node-1', role: 'leader', is_leader: true, state: 'ready',
  commit_index: 12n, applied_index: 12n, term: 5n,
  leader: { id: 'node-1', address: 'node1:7000' },
  members: [
    { id: 'node-1', address: 'node1:7000', state: 'leader', healthy: true },
    { id: 'node-2', address: 'node2:7000', state: 'follower', healthy: true, voter: true, match_index: 12n, lag_entries: 0n, last_contact_ms: 40n },
    { id: 'node-3', address: 'node3:7000', state: 'follower', healthy: false, voter: true, match_index: 9n, lag_entries: 3n, last_contact_ms: 2100n },
  ],
}

describe('the cluster view of /admin/cluster/status', () => {
  it('reads the leader\'s answer: term, members, match index and lag, and an unhealthy member makes it unhealthy', () => {
    const view = clusterView(leaderAnswer, 'http://node1:7474')
    assert.equal(view.clusterId, 'my-cluster')
    assert.equal(view.term, 5)
    assert.deepEqual(view.leader, { id: 'node-1', address: 'node1:7000' })
    assert.deepEqual(view.members.map((member) => [member.id, member.role, member.matchIndex, member.lagEntries]), [
      ['node-1', 'leader', null, null], ['node-2', 'follower', 12, 0], ['node-3', 'follower', 9, 3],
    ])
    assert.equal(view.members[0]?.appliedIndex, 12, 'the answering node reports its own applied index')
    assert.equal(view.healthy, false)
  })

  it('without a leader the cluster is unhealthy', () => {
    const view = clusterView({ ...leaderAnswer, leader: null, members: leaderAnswer.members.map((member) => ({ ...member, healthy: true })) }, 'x')
    assert.equal(view.leader, null)
    assert.equal(view.healthy, false)
  })

  it('renders a header and one row per member, without colour when colour is off', () => {
    const level = chalk.level
    chalk.level = 0
    try {
      const text = renderClusterView(clusterView(leaderAnswer, 'http://node1:7474'))
      assert.match(text, /^cluster my-cluster {2}mode raft {2}leader node-1 {2}term 5$/m)
      assert.match(text, /│ node-3 +│ node3:7000 +│ follower +│ no +│ yes +│ - +│ - +│ 9 +│ 3 +│ 2100 ms +│/)
      assert.match(text, /a member is unhealthy \(answered by http:\/\/node1:7474\)$/)
      assert.doesNotMatch(text, /\u001B\[/, 'no escape codes')
    } finally {
      chalk.level = level
    }
  })
})
