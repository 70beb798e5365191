import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ReadIndexQueue } from '../../../../src/cluster/raft/read-index.js'

test('an acknowledgement of a later read confirms every earlier read once a quorum answered', () => {
  const q = new ReadIndexQueue()
  q.add('r1', 4, 'n1', 'n1')
  q.add('r2', 5, 'n2', 'n1')
  assert.equal(q.newestContext(), 'r2')
  assert.deepEqual(q.acknowledge('r1', 'n9', ['n1', 'n2', 'n3']), [], 'a non-voter does not count')
  const released = q.acknowledge('r2', 'n3', ['n1', 'n2', 'n3'])
  assert.deepEqual(released.map((r) => [r.context, r.index, r.requester]), [['r1', 4, 'n1'], ['r2', 5, 'n2']])
  assert.equal(q.size(), 0)
  assert.deepEqual(q.acknowledge('r2', 'n2', ['n1', 'n2', 'n3']), [], 'a late answer is ignored')
})
