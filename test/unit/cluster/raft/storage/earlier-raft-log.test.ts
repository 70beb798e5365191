import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { refuseEarlierRaftLog } from '../../../../../src/cluster/raft/storage/index.js'
import { isNornicError } from '../../../../../src/errors/index.js'

describe('refuseEarlierRaftLog: a raft log of an earlier development build is never silently ignored', () => {
  let root: string
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'nornic-earlier-log-'))
  })
  after(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('lets a data dir without the old log start', async () => {
    await refuseEarlierRaftLog(join(root, 'raft', 'log'))
  })

  it('stops on the old level log, naming the directory and what to do', async () => {
    const dir = join(root, 'raft', 'log')
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'CURRENT'), 'MANIFEST-000004\n')
    await assert.rejects(refuseEarlierRaftLog(dir), (error: unknown) => {
      assert.ok(isNornicError(error))
      assert.equal(error.code, 'Nornic.Node.DataDirIncompatible')
      assert.equal(error.exitCode, 2)
      assert.ok(error.message.includes(dir), error.message)
      assert.match(error.message, /raft log in the format of an earlier development build/)
      assert.match(error.message, /empty its data directory and start it with NORNICDB_CLUSTER_RAFT_BOOTSTRAP=false/)
      return true
    })
  })
})
