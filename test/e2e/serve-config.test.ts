import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createServer, type Server } from 'node:net'
import { describe, it } from 'node:test'
import { freePort } from './support/free-port.js'
import { runNornic, tempDir } from './support/nornic-process.js'

/** Settings that keep a node that wrongly starts anyway away from the real ports. */
const SAFE_ENV = { NORNICDB_LISTEN_HOST: '127.0.0.1', NORNICDB_HTTP_PORT: '1', NORNICDB_BOLT_PORT: '2', NORNICDB_LOG_FORMAT: 'json' }

describe('nornic serve refuses bad settings before it opens anything', () => {
  it('a bad flag: exit 2, one line naming it', async () => {
    const dataDir = tempDir()
    const result = await runNornic(['serve', '--data-dir', dataDir, '--http-port', 'seventy'], SAFE_ENV)
    assert.equal(result.exitCode, 2)
    assert.equal(result.stderr.split('\n')[0], 'error: --http-port=seventy (from the command line) is not allowed: expected a port number from 1 to 65535 [Nornic.Config.Invalid]')
    assert.equal(result.stdout, '')
  })

  it('a bad environment variable: exit 2, naming it', async () => {
    const result = await runNornic(['serve'], { ...SAFE_ENV, NORNICDB_CLUSTER_HA_SYNC_MODE: 'eventually' })
    assert.equal(result.exitCode, 2)
    assert.match(result.stderr, /^error: NORNICDB_CLUSTER_HA_SYNC_MODE=eventually \(from the environment\) is not allowed: expected one of async, semi_sync, sync, quorum/)
  })

  it('a bad TOML file: exit 2, naming the key and the file', async () => {
    const file = join(tempDir(), 'nornic.toml')
    writeFileSync(file, '[cluster.raft]\nelection_timeout = "forever"\n')
    const result = await runNornic(['serve', '--config', file], SAFE_ENV)
    assert.equal(result.exitCode, 2)
    assert.match(result.stderr, /^error: cluster\.raft\.election_timeout = "forever" \(from .*nornic\.toml\) is not allowed: expected a duration/)
  })

  it('an unknown flag is a usage error: exit 2', async () => {
    const result = await runNornic(['serve', '--htp-port', '7474'], SAFE_ENV)
    assert.equal(result.exitCode, 2)
    assert.match(result.stderr, /^error: .*--htp-port.* \[Nornic\.Cli\.Usage\]/)
  })

  it('a mode that is not built yet says so: exit 2', async () => {
    const result = await runNornic(['serve', '--data-dir', tempDir()], {
      ...SAFE_ENV, NORNICDB_CLUSTER_MODE: 'multi_region', NORNICDB_CLUSTER_REGION_ID: 'us-east',
    }, 20_000)
    assert.equal(result.exitCode, 2)
    assert.match(result.stderr, /NORNICDB_CLUSTER_MODE=multi_region .*multi_region mode is not built yet/)
  })
})

describe('nornic config show / check', () => {
  it('config show --json prints the envelope alone, with each setting\'s value and source', async () => {
    const result = await runNornic(['config', 'show', '--json', '--http-port', '8000'], { NORNICDB_CLUSTER_MODE: 'raft' })
    assert.equal(result.exitCode, 0, result.stderr)
    const answer = JSON.parse(result.stdout)
    assert.equal(answer.version, 1)
    assert.equal(answer.status, 'ok')
    const byEnv = new Map(answer.result.settings.map((row: { env: string }) => [row.env, row]))
    assert.deepEqual(byEnv.get('NORNICDB_HTTP_PORT'), { name: 'httpPort', env: 'NORNICDB_HTTP_PORT', flag: '--http-port', toml: 'http_port', value: '8000', source: 'flag' })
    assert.equal((byEnv.get('NORNICDB_CLUSTER_MODE') as { source: string }).source, 'environment')
    assert.equal((byEnv.get('NORNICDB_AUTH') as { value: string }).value, 'admin:********')
  })

  it('config show prints a table for people', async () => {
    const result = await runNornic(['config', 'show'])
    assert.equal(result.exitCode, 0, result.stderr)
    assert.match(result.stdout, /NORNICDB_CLUSTER_RAFT_ELECTION_TIMEOUT\s*│\s*1s\s*│\s*default/)
  })

  it('config check exits 0 for good settings and 2 for bad ones, also with --json', async () => {
    const good = await runNornic(['config', 'check'], { NORNICDB_CLUSTER_MODE: 'ha_standby', NORNICDB_CLUSTER_HA_ROLE: 'primary', NORNICDB_CLUSTER_HA_PEER_ADDR: 'standby:7000' })
    assert.equal(good.exitCode, 0, good.stderr)
    assert.match(good.stdout, /settings are valid \(mode ha_standby\)/)
    const bad = await runNornic(['config', 'check', '--json'], { NORNICDB_CLUSTER_MODE: 'ha_standby' })
    assert.equal(bad.exitCode, 2)
    const answer = JSON.parse(bad.stdout)
    assert.equal(answer.status, 'error')
    assert.equal(answer.error.code, 'Nornic.Config.Invalid')
    assert.equal(answer.error.exitCode, 2)
    assert.match(answer.error.message, /NORNICDB_CLUSTER_HA_ROLE is required/)
  })

  it('a misspelt variable is warned about, naming the closest', async () => {
    const result = await runNornic(['config', 'check'], { NORNICDB_HTTP_PROT: '7474' })
    assert.equal(result.exitCode, 0)
    assert.match(result.stderr, /^warning: NORNICDB_HTTP_PROT is not a nornic setting and is ignored; did you mean NORNICDB_HTTP_PORT\?/)
  })
})

describe('nornic --help and --version', () => {
  it('every command has help with examples', async () => {
    for (const command of [['serve'], ['config', 'show'], ['config', 'check']]) {
      const result = await runNornic([...command, '--help'])
      assert.equal(result.exitCode, 0, result.stderr)
      assert.match(result.stdout, /EXAMPLES/, `${command.join(' ')} --help has examples`)
    }
  })

  it('--version names nornic and its version', async () => {
    const result = await runNornic(['--version'])
    assert.equal(result.exitCode, 0)
    assert.match(result.stdout, /^nornic\/\d+\.\d+\.\d+/)
  })
})

/** A port on 127.0.0.1 held by a listener of this test; close the blocker when done. */
async function takePort(): Promise<{ blocker: Server; takenPort: number }> {
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  return { blocker, takenPort: (blocker.address() as { port: number }).port }
}

describe('nornic serve when it cannot listen', () => {
  it('exits 1 naming the port, and stops what it had started (its cluster port does not keep it alive)', async () => {
    const { blocker, takenPort } = await takePort()
    try {
      const clusterPort = await freePort()
      const result = await runNornic(['serve', '--data-dir', tempDir()], {
        ...SAFE_ENV, NORNICDB_HTTP_PORT: String(takenPort), NORNICDB_BOLT_PORT: String(await freePort()),
        NORNICDB_CLUSTER_MODE: 'raft', NORNICDB_CLUSTER_NODE_ID: 'node-1', NORNICDB_CLUSTER_RAFT_BOOTSTRAP: 'true',
        NORNICDB_CLUSTER_BIND_ADDR: `127.0.0.1:${clusterPort}`,
      }, 30_000)
      assert.equal(result.exitCode, 1, result.stdout + result.stderr)
      assert.match(result.stderr, new RegExp(`cannot listen for HTTP on 127\\.0\\.0\\.1:${takenPort}.*\\[Nornic\\.Node\\.ListenFailed\\]`))
    } finally {
      blocker.close()
    }
  })

  it('a raft node whose cluster port is taken exits 1 naming NORNICDB_CLUSTER_BIND_ADDR', async () => {
    const { blocker, takenPort } = await takePort()
    try {
      const result = await runNornic(['serve', '--data-dir', tempDir()], {
        ...SAFE_ENV, NORNICDB_HTTP_PORT: String(await freePort()), NORNICDB_BOLT_PORT: String(await freePort()),
        NORNICDB_CLUSTER_MODE: 'raft', NORNICDB_CLUSTER_NODE_ID: 'node-1', NORNICDB_CLUSTER_RAFT_BOOTSTRAP: 'true',
        NORNICDB_CLUSTER_BIND_ADDR: `127.0.0.1:${takenPort}`,
      }, 30_000)
      assert.equal(result.exitCode, 1, result.stdout + result.stderr)
      assert.match(result.stderr, new RegExp(`cannot listen on the cluster port 127\\.0\\.0\\.1:${takenPort} \\(NORNICDB_CLUSTER_BIND_ADDR\\).*\\[Nornic\\.Node\\.ListenFailed\\]`))
    } finally {
      blocker.close()
    }
  })
})
