import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { resolveSettings } from '../../../src/config/index.js'
import { isNornicError } from '../../../src/errors/index.js'
import { localClusterPorts, planLocalCluster } from '../../../src/ops/local-cluster/local-cluster-plan.js'

describe('local cluster plans', () => {
  it('a raft cluster: node-1 bootstraps, every node lists the others, ports do not collide', () => {
    const specs = planLocalCluster({ mode: 'raft', nodes: 3, basePort: 7474, dataDir: '/tmp/c' })
    assert.deepEqual(specs.map((spec) => spec.httpUrl), ['http://127.0.0.1:7474', 'http://127.0.0.1:7475', 'http://127.0.0.1:7476'])
    assert.deepEqual(specs.map((spec) => spec.env.NORNICDB_CLUSTER_RAFT_BOOTSTRAP), ['true', 'false', 'false'])
    assert.equal(specs[1]?.env.NORNICDB_CLUSTER_RAFT_PEERS, 'node-1:127.0.0.1:7494,node-3:127.0.0.1:7496')
    const ports = specs.flatMap((spec) => [spec.httpUrl.split(':')[2], String(spec.boltPort), spec.clusterAddress.split(':')[1]])
    assert.equal(new Set(ports).size, ports.length)
    assert.deepEqual(localClusterPorts(7474, 3).map(String).sort(), [...ports].sort(), 'localClusterPorts lists exactly the ports the plan uses')
  })

  it('every node\'s environment is accepted by the node\'s own settings', () => {
    for (const mode of ['raft', 'ha_standby'] as const) {
      for (const spec of planLocalCluster({ mode, nodes: mode === 'raft' ? 7 : 2, basePort: 30_000, dataDir: '/tmp/c' })) {
        const { settings } = resolveSettings({ flags: {}, env: spec.env })
        assert.equal(settings.clusterMode, mode)
        assert.equal(settings.nodeId, spec.nodeId)
      }
    }
  })

  it('a hot standby pair names each other', () => {
    const [primary, standby] = planLocalCluster({ mode: 'ha_standby', nodes: 2, basePort: 7474, dataDir: '/tmp/c' })
    assert.equal(primary?.env.NORNICDB_CLUSTER_HA_ROLE, 'primary')
    assert.equal(primary?.env.NORNICDB_CLUSTER_HA_PEER_ADDR, standby?.clusterAddress)
    assert.equal(standby?.env.NORNICDB_CLUSTER_HA_PEER_ADDR, primary?.clusterAddress)
  })

  it('refuses sizes and ports that cannot work', () => {
    for (const options of [
      { mode: 'raft' as const, nodes: 8, basePort: 7474 },
      { mode: 'ha_standby' as const, nodes: 3, basePort: 7474 },
      { mode: 'raft' as const, nodes: 3, basePort: 80 },
    ]) {
      assert.throws(() => planLocalCluster({ ...options, dataDir: '/tmp/c' }), (error) => isNornicError(error) && error.exitCode === 2)
    }
  })
})
