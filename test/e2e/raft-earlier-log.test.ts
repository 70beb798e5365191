import assert from 'node:assert/strict'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { freePort } from './support/free-port.js'
import { runNornic, tempDir } from './support/nornic-process.js'

describe('a raft node whose data dir holds the raft log of an earlier development build', () => {
  const dataDir = tempDir('nornic-earlier-log-')
  after(() => rmSync(dataDir, { recursive: true, force: true }))

  it('stops with exit 2, naming the directory and saying to remove it, and writes no new log beside it', async () => {
    const oldLog = join(dataDir, 'replication', 'raft', 'log')
    mkdirSync(oldLog, { recursive: true })
    writeFileSync(join(oldLog, 'CURRENT'), 'MANIFEST-000004\n')
    const result = await runNornic(['serve', '--data-dir', dataDir], {
      NORNICDB_LISTEN_HOST: '127.0.0.1', NORNICDB_LOG_FORMAT: 'json',
      NORNICDB_HTTP_PORT: String(await freePort()), NORNICDB_BOLT_PORT: String(await freePort()),
      NORNICDB_CLUSTER_MODE: 'raft', NORNICDB_CLUSTER_NODE_ID: 'node-1', NORNICDB_CLUSTER_RAFT_BOOTSTRAP: 'true',
      NORNICDB_CLUSTER_BIND_ADDR: `127.0.0.1:${await freePort()}`,
    }, 30_000)
    assert.equal(result.exitCode, 2, result.stdout + result.stderr)
    assert.ok(result.stderr.includes(oldLog), result.stderr)
    assert.match(result.stderr, /earlier development build.*empty its data directory.*NORNICDB_CLUSTER_RAFT_BOOTSTRAP=false.*\[Nornic\.Node\.DataDirIncompatible\]/)
    assert.equal(existsSync(join(dataDir, 'replication', 'raft', 'wal')), false, 'no log was started beside the old one')
  })
})
