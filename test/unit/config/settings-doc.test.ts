import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { withSettingsDoc } from '../../../src/config/settings-doc.js'
import { SETTING_NAMES, specOf } from '../../../src/config/index.js'

describe('the README settings table', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')

  it('is what the settings declaration renders (run `npm run docs:settings` after changing a setting)', () => {
    assert.equal(readme, withSettingsDoc(readme))
  })

  it('lists every variable of the guide\'s configuration reference', () => {
    const guideVariables = [
      'NORNICDB_CLUSTER_MODE', 'NORNICDB_CLUSTER_NODE_ID', 'NORNICDB_CLUSTER_BIND_ADDR', 'NORNICDB_CLUSTER_ADVERTISE_ADDR',
      'NORNICDB_CLUSTER_DATA_DIR', 'NORNICDB_CLUSTER_HA_ROLE', 'NORNICDB_CLUSTER_HA_PEER_ADDR', 'NORNICDB_CLUSTER_HA_SYNC_MODE',
      'NORNICDB_CLUSTER_HA_HEARTBEAT_MS', 'NORNICDB_CLUSTER_HA_FAILOVER_TIMEOUT', 'NORNICDB_CLUSTER_HA_AUTO_FAILOVER',
      'NORNICDB_CLUSTER_HA_WAL_BATCH_SIZE', 'NORNICDB_CLUSTER_RAFT_CLUSTER_ID', 'NORNICDB_CLUSTER_RAFT_BOOTSTRAP',
      'NORNICDB_CLUSTER_RAFT_PEERS', 'NORNICDB_CLUSTER_RAFT_ELECTION_TIMEOUT', 'NORNICDB_CLUSTER_RAFT_HEARTBEAT_TIMEOUT',
      'NORNICDB_CLUSTER_RAFT_SNAPSHOT_INTERVAL', 'NORNICDB_CLUSTER_RAFT_SNAPSHOT_THRESHOLD', 'NORNICDB_CLUSTER_RAFT_TRAILING_LOGS',
      'NORNICDB_CLUSTER_RAFT_MAX_APPEND_ENTRIES', 'NORNICDB_CLUSTER_REGION_ID', 'NORNICDB_CLUSTER_REMOTE_REGIONS',
      'NORNICDB_CLUSTER_CROSS_REGION_MODE', 'NORNICDB_CLUSTER_CONFLICT_STRATEGY', 'NORNICDB_CLUSTER_TLS_ENABLED',
      'NORNICDB_CLUSTER_TLS_CERT_FILE', 'NORNICDB_CLUSTER_TLS_KEY_FILE', 'NORNICDB_CLUSTER_TLS_CA_FILE',
      'NORNICDB_CLUSTER_TLS_VERIFY_CLIENT', 'NORNICDB_CLUSTER_TLS_MIN_VERSION', 'NORNICDB_LOG_LEVEL', 'NORNICDB_CLUSTER_DEBUG',
    ]
    const declared = new Set(SETTING_NAMES.map((name) => specOf(name).env))
    for (const variable of guideVariables) {
      assert.ok(declared.has(variable), `${variable} is declared`)
      assert.ok(readme.includes(`\`${variable}\``), `${variable} is in the README`)
    }
  })

  it('gives every setting a unique variable, flag and TOML key', () => {
    for (const field of ['env', 'flag', 'toml'] as const) {
      const values = SETTING_NAMES.map((name) => specOf(name)[field])
      assert.equal(new Set(values).size, values.length, `${field} values are unique`)
    }
  })
})
