import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { raftReplicationStatus, type RaftStatusInputs } from '../../../../src/cluster/raft-mode/raft-status.js'
import type { RaftStatus } from '../../../../src/cluster/raft/status.js'

const leaderView: RaftStatus = {
  id: 'node-1', role: 'leader', term: 4, vote: 'node-1', leader: 'node-1', commit: 10, applied: 10, firstIndex: 1, lastIndex: 12,
  snapshotIndex: 0, membership: { voters: ['node-1', 'node-2', 'node-3'], learners: [] }, transferee: '', electionElapsed: 0,
  members: [
    { id: 'node-1', voter: true, match: 12, next: 13, state: 'self', inflight: 0, ticksSinceContact: 0 },
    { id: 'node-2', voter: true, match: 12, next: 13, state: 'replicate', inflight: 0, ticksSinceContact: 1 },
    { id: 'node-3', voter: true, match: 5, next: 6, state: 'probe', inflight: 0, ticksSinceContact: 30 },
  ],
}

function inputs(raft: RaftStatus, overrides: Partial<RaftStatusInputs> = {}): RaftStatusInputs {
  return {
    raft, lifecycle: 'running', tickMs: 50, electionTimeoutMs: 300, addressOf: (id) => `${id}:7000`, boltAddressOf: (id) => (id === 'node-3' ? undefined : `${id}:7687`), isConnected: () => true,
    lagSeconds: 0, replicationBytes: 0, leaderChanges: 1, ...overrides,
  }
}

// Clustering guide, "Monitoring": /admin/cluster/status shows each member's health; the issue
// adds voter, match index, lag in entries and last contact.
describe('raftReplicationStatus', () => {
  it('shows on the leader each member\'s match index, lag and last contact, and health from contact', () => {
    const status = raftReplicationStatus(inputs(leaderView))
    assert.equal(status.isLeader, true)
    assert.equal(status.state, 'ready')
    assert.deepEqual(status.peers.map((peer) => [peer.id, peer.healthy, peer.matchIndex, peer.lagEntries, peer.lastContactMs]), [
      ['node-2', true, 12, 0, 50],
      ['node-3', false, 5, 7, 1500],
    ])
    assert.equal(status.lag?.entries, 7)
    assert.equal(status.term, 4)
  })

  it('names the leader on a follower, and says no_leader when there is none', () => {
    const follower: RaftStatus = { ...leaderView, id: 'node-2', role: 'follower', members: leaderView.members.map((member) => ({ ...member, match: undefined, ticksSinceContact: undefined })) }
    const status = raftReplicationStatus(inputs(follower, { isConnected: (id) => id === 'node-1' }))
    assert.equal(status.role, 'follower')
    assert.deepEqual(status.primary, { id: 'node-1' })
    assert.deepEqual(status.peers.map((peer) => [peer.id, peer.healthy]), [['node-1', true], ['node-3', false]])
    assert.deepEqual(status.peers.map((peer) => peer.boltAddress), ['node-1:7687', undefined], 'a member that has not announced its Bolt address has none')
    assert.equal(raftReplicationStatus(inputs({ ...follower, leader: '', role: 'preCandidate' })).state, 'no_leader')
    assert.equal(raftReplicationStatus(inputs({ ...follower, leader: '', role: 'preCandidate' })).role, 'candidate')
  })

  it('calls a non-voting member a learner', () => {
    const learner: RaftStatus = { ...leaderView, id: 'node-4', role: 'follower', leader: 'node-1', membership: { voters: ['node-1'], learners: ['node-4'] }, members: [] }
    assert.equal(raftReplicationStatus(inputs(learner)).role, 'learner')
  })
})
