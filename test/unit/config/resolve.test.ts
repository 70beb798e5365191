import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { resolveSettings, type SettingInputs } from '../../../src/config/index.js'
import { isNornicError } from '../../../src/errors/index.js'

const tomlDir = mkdtempSync(join(tmpdir(), 'nornic-config-'))
after(() => rmSync(tomlDir, { recursive: true, force: true }))
let tomlFiles = 0

function tomlFile(text: string): string {
  const path = join(tomlDir, `nornic-${tomlFiles++}.toml`)
  writeFileSync(path, text)
  return path
}

function configFailure(inputs: SettingInputs): string {
  try {
    resolveSettings(inputs)
  } catch (error) {
    assert.ok(isNornicError(error), 'a coded error')
    assert.equal(error.code, 'Nornic.Config.Invalid')
    assert.equal(error.exitCode, 2)
    return error.message
  }
  assert.fail('expected the settings to be refused')
}

describe('resolveSettings: precedence flag > env > TOML file > default', () => {
  const file = tomlFile('http_port = 7001\nbolt_port = 7601\nlog_level = "debug"\n[cluster.raft]\nelection_timeout = "2s"\n')

  it('uses defaults when nothing is set, as the guide gives them', () => {
    const { settings, origins } = resolveSettings({ flags: {}, env: {} })
    assert.equal(settings.httpPort, 7474)
    assert.equal(settings.boltPort, 7687)
    assert.equal(settings.dataDir, './data')
    assert.equal(settings.clusterMode, 'standalone')
    assert.deepEqual(settings.bindAddr, { host: '0.0.0.0', port: 7000 })
    assert.deepEqual(settings.advertiseAddr, settings.bindAddr, 'advertise defaults to bind')
    assert.equal(settings.clusterDataDir, join('./data', 'replication'))
    assert.equal(settings.haSyncMode, 'semi_sync')
    assert.equal(settings.raftElectionTimeoutMs, 1000)
    assert.equal(settings.raftHeartbeatTimeoutMs, 100)
    assert.equal(settings.raftSnapshotIntervalMs, 300_000)
    assert.equal(settings.raftMaxAppendEntries, 64)
    assert.deepEqual(settings.auth, { user: 'admin', password: 'admin' })
    assert.equal(settings.nodeId, undefined)
    assert.equal(origins.httpPort.source, 'default')
  })

  it('a TOML file overrides defaults', () => {
    const { settings, origins } = resolveSettings({ flags: {}, env: {}, configFile: file })
    assert.equal(settings.httpPort, 7001)
    assert.equal(settings.logLevel, 'debug')
    assert.equal(settings.raftElectionTimeoutMs, 2000)
    assert.deepEqual(origins.httpPort, { source: 'file', file })
  })

  it('the environment overrides the file', () => {
    const { settings, origins } = resolveSettings({ flags: {}, env: { NORNICDB_HTTP_PORT: '7002' }, configFile: file })
    assert.equal(settings.httpPort, 7002)
    assert.equal(origins.httpPort.source, 'env')
    assert.equal(settings.boltPort, 7601, 'the file still sets what the environment does not')
  })

  it('a flag overrides the environment', () => {
    const { settings, origins } = resolveSettings({ flags: { httpPort: '7003' }, env: { NORNICDB_HTTP_PORT: '7002' }, configFile: file })
    assert.equal(settings.httpPort, 7003)
    assert.equal(origins.httpPort.source, 'flag')
  })

  it('an empty variable counts as unset', () => {
    assert.equal(resolveSettings({ flags: {}, env: { NORNICDB_HTTP_PORT: '' } }).settings.httpPort, 7474)
  })

  it('derived defaults follow what they derive from', () => {
    const { settings } = resolveSettings({ flags: { dataDir: '/srv/n1', bindAddr: '127.0.0.1:9001' }, env: {} })
    assert.deepEqual(settings.advertiseAddr, { host: '127.0.0.1', port: 9001 })
    assert.equal(settings.clusterDataDir, join('/srv/n1', 'replication'))
  })

  it('freezes the result', () => {
    const { settings } = resolveSettings({ flags: {}, env: {} })
    assert.throws(() => { (settings as { httpPort: number }).httpPort = 1 })
    assert.ok(Object.isFrozen(settings.bindAddr))
  })

  it('the guide\'s raft compose environment resolves', () => {
    const { settings } = resolveSettings({
      flags: {},
      env: {
        NORNICDB_CLUSTER_MODE: 'raft', NORNICDB_CLUSTER_NODE_ID: 'node-1', NORNICDB_CLUSTER_BIND_ADDR: '0.0.0.0:7000',
        NORNICDB_CLUSTER_ADVERTISE_ADDR: 'node1:7000', NORNICDB_CLUSTER_RAFT_CLUSTER_ID: 'my-cluster',
        NORNICDB_CLUSTER_RAFT_BOOTSTRAP: 'true', NORNICDB_CLUSTER_RAFT_PEERS: 'node-2:node2:7000,node-3:node3:7000',
        NORNICDB_CLUSTER_RAFT_ELECTION_TIMEOUT: '1s', NORNICDB_CLUSTER_RAFT_HEARTBEAT_TIMEOUT: '100ms',
        NORNICDB_CLUSTER_RAFT_SNAPSHOT_INTERVAL: '300', NORNICDB_CLUSTER_RAFT_SNAPSHOT_THRESHOLD: '10000',
      },
    })
    assert.equal(settings.clusterMode, 'raft')
    assert.equal(settings.raftBootstrap, true)
    assert.deepEqual(settings.raftPeers.map((peer) => peer.id), ['node-2', 'node-3'])
    assert.deepEqual(settings.advertiseAddr, { host: 'node1', port: 7000 })
  })
})

describe('resolveSettings: errors name the setting, the value, the source and what is allowed', () => {
  it('a bad environment value', () => {
    assert.equal(
      configFailure({ flags: {}, env: { NORNICDB_HTTP_PORT: 'abc' } }),
      'NORNICDB_HTTP_PORT=abc (from the environment) is not allowed: expected a port number from 1 to 65535',
    )
  })

  it('a bad flag value', () => {
    assert.equal(
      configFailure({ flags: { raftElectionTimeoutMs: 'soon' }, env: {} }),
      '--cluster-raft-election-timeout=soon (from the command line) is not allowed: expected a duration from 10ms to 10m, such as 100ms, 1s or 30s',
    )
  })

  it('a bad file value', () => {
    const file = tomlFile('[cluster]\nmode = "cluster"\n')
    assert.equal(
      configFailure({ flags: {}, env: {}, configFile: file }),
      `cluster.mode = "cluster" (from ${file}) is not allowed: expected one of standalone, ha_standby, raft, multi_region`,
    )
  })

  it('a secret is never echoed', () => {
    const message = configFailure({ flags: {}, env: { NORNICDB_AUTH: 'justapassword' } })
    assert.doesNotMatch(message, /justapassword/)
    assert.match(message, /NORNICDB_AUTH=\*{8}/)
  })

  it('an unknown TOML key, with the closest one suggested', () => {
    const file = tomlFile('http_prot = 7474\n')
    assert.equal(configFailure({ flags: {}, env: {}, configFile: file }), `http_prot (in ${file}) is not a nornic setting; did you mean http_port?`)
  })

  it('TOML that does not parse, with the place', () => {
    assert.match(configFailure({ flags: {}, env: {}, configFile: tomlFile('http_port = = 1\n') }), /not valid TOML at line 1/)
  })

  it('a missing settings file', () => {
    assert.match(configFailure({ flags: {}, env: {}, configFile: '/nonexistent/nornic.toml' }), /--config \/nonexistent\/nornic.toml: cannot read the settings file \(no such file\)/)
  })

  it('settings a mode requires', () => {
    assert.equal(
      configFailure({ flags: {}, env: { NORNICDB_CLUSTER_MODE: 'ha_standby' } }),
      'NORNICDB_CLUSTER_HA_ROLE is required when NORNICDB_CLUSTER_MODE=ha_standby (one of primary, standby)',
    )
    assert.match(configFailure({ flags: {}, env: { NORNICDB_CLUSTER_MODE: 'ha_standby', NORNICDB_CLUSTER_HA_ROLE: 'primary' } }), /^NORNICDB_CLUSTER_HA_PEER_ADDR is required/)
    assert.match(configFailure({ flags: {}, env: { NORNICDB_CLUSTER_MODE: 'multi_region' } }), /^NORNICDB_CLUSTER_REGION_ID is required/)
  })

  it('a heartbeat not shorter than the election timeout names both values', () => {
    assert.equal(
      configFailure({ flags: {}, env: { NORNICDB_CLUSTER_RAFT_HEARTBEAT_TIMEOUT: '2s' } }),
      'NORNICDB_CLUSTER_RAFT_HEARTBEAT_TIMEOUT=2s must be shorter than NORNICDB_CLUSTER_RAFT_ELECTION_TIMEOUT (1s)',
    )
  })

  it('TLS needs a certificate and a key', () => {
    assert.match(configFailure({ flags: {}, env: { NORNICDB_CLUSTER_TLS_ENABLED: 'true' } }), /^NORNICDB_CLUSTER_TLS_CERT_FILE is required when NORNICDB_CLUSTER_TLS_ENABLED=true/)
  })

  it('ports that clash', () => {
    assert.match(configFailure({ flags: { boltPort: '7474' }, env: {} }), /NORNICDB_HTTP_PORT=7474 and --bolt-port must differ/)
    assert.match(
      configFailure({ flags: {}, env: { NORNICDB_CLUSTER_MODE: 'raft', NORNICDB_CLUSTER_BIND_ADDR: '0.0.0.0:7474' } }),
      /NORNICDB_CLUSTER_BIND_ADDR=0.0.0.0:7474 uses the same port as NORNICDB_HTTP_PORT/,
    )
  })

  it('a peer list that names the node itself', () => {
    assert.match(configFailure({ flags: {}, env: { NORNICDB_CLUSTER_NODE_ID: 'node-1', NORNICDB_CLUSTER_RAFT_PEERS: 'node-1:a:1,node-2:b:2' } }), /lists this node's own id node-1/)
  })
})

describe('resolveSettings: warnings', () => {
  it('a misspelt NORNICDB_ variable is named with the closest setting', () => {
    const { warnings } = resolveSettings({ flags: {}, env: { NORNICDB_CLUSTER_RAFT_PEER: 'x', NORNICDB_HTTP_PORT: '7474', HOME: '/root' } })
    assert.deepEqual(warnings, ['NORNICDB_CLUSTER_RAFT_PEER is not a nornic setting and is ignored; did you mean NORNICDB_CLUSTER_RAFT_PEERS?'])
  })
})
