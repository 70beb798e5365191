import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fillTemplate } from '../../../../src/ops/drill/cluster-control.js'
import { compareStates, graphChecksum } from '../../../../src/ops/drill/convergence.js'
import { toSample } from '../../../../src/ops/drill/status-sampler.js'
import { prepareTarget } from '../../../../src/ops/drill/target.js'
import { isNornicError } from '../../../../src/errors/index.js'
import { planLocalCluster } from '../../../../src/ops/local-cluster/local-cluster-plan.js'

const node = { id: 'node-2', url: 'http://10.0.0.2:7474', address: '10.0.0.2:7688' }

// Issue 8, Targets: --kill-cmd and --restart-cmd templates with {node_id} and {address}.
describe('drill command templates', () => {
  it('fills {node_id} and {address}, as often as they appear', () => {
    assert.equal(fillTemplate('docker kill nornicdb-{node_id}', node), 'docker kill nornicdb-node-2')
    assert.equal(fillTemplate('ssh {address} systemctl restart nornic # {node_id}', node), 'ssh 10.0.0.2:7688 systemctl restart nornic # node-2')
  })

  it('uses the HTTP host when the cluster address is unknown', () => {
    assert.equal(fillTemplate('kill {address}', { ...node, address: null }), 'kill 10.0.0.2:7474')
  })

  it('refuses an unknown placeholder as a usage error naming the known ones', () => {
    assert.throws(() => fillTemplate('docker kill {name}', node), (error) => isNornicError(error) && error.code === 'Nornic.Cli.Usage' && /\{node_id\} and \{address\}/.test(error.message))
  })
})

describe('drill status samples', () => {
  it('reads a raft node\'s role, term and the leader it names from /admin/raft/state', () => {
    assert.deepEqual(toSample('raft', 'http://a', { node_id: 'node-1', role: 'follower', term: 4, leader: 'node-3', applied_index: 17 }, 5), { time: 5, node: 'node-1', writer: false, writerId: 'node-3', term: 4, appliedIndex: 17 })
    assert.deepEqual(toSample('raft', 'http://a', { node_id: 'node-3', role: 'leader', term: 4, leader: 'node-3', applied_index: 17 }, 5)?.writer, true)
    assert.equal(toSample('raft', 'http://a', { node_id: 'node-1', role: 'candidate', term: 5, leader: '' }, 5)?.writerId, null)
  })

  it('reads a hot standby node\'s role and epoch from the replication block of /health', () => {
    const standby = { replication: { node_id: 'standby-1', role: 'standby', is_leader: false, epoch: 2, applied_index: 8, primary: { id: 'primary-1', http_url: 'http://p' } } }
    assert.deepEqual(toSample('ha_standby', 'http://s', standby, 1), { time: 1, node: 'standby-1', writer: false, writerId: 'primary-1', term: 2, appliedIndex: 8 })
    assert.equal(toSample('ha_standby', 'http://s', undefined, 1), undefined)
  })
})

// Issue 8, Checks 5: all nodes converge to the same applied index and the same graph checksum.
describe('drill convergence', () => {
  it('a checksum ignores row order and property order, and sees any change of value', () => {
    const a = graphChecksum([[['A'], { x: 1, y: 2 }], [['B'], { z: 'q' }]])
    assert.equal(graphChecksum([[['B'], { z: 'q' }], [['A'], { y: 2, x: 1 }]]), a)
    assert.notEqual(graphChecksum([[['A'], { x: 1, y: 3 }], [['B'], { z: 'q' }]]), a)
  })

  it('nodes converge only with equal applied indexes and checksums, all answering', () => {
    const state = (node: string, appliedIndex: number | null, checksum: string | null) => ({ node, appliedIndex, checksum, nodeCount: 1 })
    assert.equal(compareStates([state('n1', 5, 'c'), state('n2', 5, 'c')]).ok, true)
    assert.match(compareStates([state('n1', 5, 'c'), state('n2', 4, 'c')]).problem ?? '', /applied indexes differ: n1 5, n2 4/)
    assert.match(compareStates([state('n1', 5, 'c'), state('n2', 5, 'd')]).problem ?? '', /graph checksums differ/)
    assert.match(compareStates([state('n1', 5, 'c'), state('n2', null, null)]).problem ?? '', /n2 did not answer/)
  })
})

describe('local clusters for partition drills', () => {
  it('each node dials its peers at the addresses the drill gives for its own links', () => {
    const peerAddress = (from: string, to: string) => `127.0.0.1:${from.slice(-1)}${to.slice(-1)}00`
    const raft = planLocalCluster({ mode: 'raft', nodes: 3, basePort: 30000, dataDir: '/tmp/x', peerAddress })
    assert.equal(raft[1]?.env.NORNICDB_CLUSTER_RAFT_PEERS, 'node-1:127.0.0.1:2100,node-3:127.0.0.1:2300')
    assert.equal(raft[1]?.env.NORNICDB_CLUSTER_BIND_ADDR, '127.0.0.1:30021', 'each node still listens on its own port')
    const pair = planLocalCluster({ mode: 'ha_standby', nodes: 2, basePort: 30000, dataDir: '/tmp/x', peerAddress })
    assert.equal(pair[0]?.env.NORNICDB_CLUSTER_HA_PEER_ADDR, '127.0.0.1:1100')
  })
})

describe('drill targets', () => {
  const base = {
    local: false, mode: 'raft' as const, nodes: undefined, dataDir: undefined, remoteNodes: ['http://127.0.0.1:1'] as string[] | undefined,
    templates: { killCmd: undefined, restartCmd: undefined, pauseCmd: undefined, resumeCmd: undefined },
    fault: 'kill-leader' as const, http: { timeoutMs: 100, user: 'admin', password: 'admin' },
  }
  const usage = (pattern: RegExp) => (error: unknown) => isNornicError(error) && error.code === 'Nornic.Cli.Usage' && pattern.test(error.message)

  it('refuses what cannot run before starting or touching anything (exit 2)', async () => {
    await assert.rejects(prepareTarget({ ...base, remoteNodes: undefined }), usage(/give --local, or the cluster's nodes with --node/))
    await assert.rejects(prepareTarget({ ...base, local: true }), usage(/leave out --node/))
    await assert.rejects(prepareTarget(base), usage(/needs --kill-cmd and --restart-cmd/))
    await assert.rejects(prepareTarget({ ...base, fault: 'pause-leader' }), usage(/needs --pause-cmd and --resume-cmd/))
    await assert.rejects(prepareTarget({ ...base, fault: 'partition-leader' }), usage(/needs --local/))
    await assert.rejects(prepareTarget({ ...base, local: true, remoteNodes: undefined, mode: 'ha_standby', fault: 'transfer-leadership' }), usage(/raft operation/))
  })
})
