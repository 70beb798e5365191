import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { MemoryRaftNetwork } from '../../../../../src/cluster/raft/driver/memory-raft-transport.js'
import { RaftDriver } from '../../../../../src/cluster/raft/driver/raft-driver.js'
import { createSeededRng } from '../../../../../src/cluster/raft/rng.js'
import { RaftStorageCorruption, SnapshotFiles, WalRaftStorage, type RaftStorage } from '../../../../../src/cluster/raft/storage/index.js'
import type { SnapshotMeta } from '../../../../../src/cluster/raft/types.js'
import { isNornicError } from '../../../../../src/errors/index.js'
import { ListStateMachine, ManualTicker, settle, TEST_WAL_SEGMENT_BYTES } from './support.js'

const MEMBERS = { voters: ['n1'], learners: [] }

async function* recordsOf(values: string[]): AsyncIterable<string> {
  yield* values
}

describe('RaftDriver start and failure', () => {
  let root: string
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'nornic-raft-recovery-'))
  })
  const storages: WalRaftStorage[] = []
  after(async () => {
    for (const storage of storages) await storage.close()
    await rm(root, { recursive: true, force: true })
  })

  /** A fresh Raft log in its own directory under `root`. */
  function walStorage(name: string): WalRaftStorage {
    const storage = new WalRaftStorage(join(root, name, 'wal'), { segmentBytes: TEST_WAL_SEGMENT_BYTES })
    storages.push(storage)
    return storage
  }

  function start(
    storage: RaftStorage, snapshots: SnapshotFiles, machine: ListStateMachine,
    onFatal?: (error: Error) => void, ticker = new ManualTicker(),
  ): Promise<RaftDriver<number>> {
    return RaftDriver.start({
      id: 'n1', storage, snapshots, stateMachine: machine,
      transport: new MemoryRaftNetwork().transport('n1'),
      bootstrap: MEMBERS, electionTimeoutMs: 1000, heartbeatTimeoutMs: 100,
      rng: createSeededRng(1), ticker,
      ...(onFatal === undefined ? {} : { onFatal }),
    })
  }

  it('a state machine behind the recorded snapshot (a crash between recording and restoring) is restored from the file first', async () => {
    const snapshots = new SnapshotFiles(join(root, 'behind'))
    const snapshot: SnapshotMeta = { index: 12, term: 3, membership: MEMBERS }
    await snapshots.write(snapshot, recordsOf(['a', 'b', 'c']))
    const storage = walStorage('behind')
    await storage.load()
    await storage.save({ snapshot, entries: [], hardState: { term: 3, vote: '', commit: 12 } })
    const machine = ListStateMachine.inMemory()
    const driver = await start(storage, snapshots, machine)
    assert.deepEqual(machine.items, ['a', 'b', 'c'])
    assert.equal(machine.appliedIndex, 12)
    assert.equal(driver.appliedIndex, 12)
    assert.equal(driver.status().snapshotIndex, 12)
    await driver.stop()
  })

  it('refuses to start when the state machine is behind the recorded snapshot and no file holds it', async () => {
    const storage = walStorage('missing')
    await storage.load()
    await storage.save({ snapshot: { index: 5, term: 1, membership: MEMBERS }, entries: [], hardState: { term: 1, vote: '', commit: 5 } })
    await assert.rejects(start(storage, new SnapshotFiles(join(root, 'missing')), ListStateMachine.inMemory()), (error) => {
      assert.ok(error instanceof RaftStorageCorruption)
      assert.match(error.message, /snapshot at 5, but the state machine holds entries only up to 0/)
      return true
    })
  })

  it('refuses to start when the state machine applied past the stored log', async () => {
    const storage = walStorage('past')
    await storage.load()
    await storage.save({ entries: [{ index: 1, term: 1, type: 'noop' }], hardState: { term: 1, vote: 'n1', commit: 1 } })
    const machine = ListStateMachine.inMemory()
    machine.appliedIndex = 9
    await assert.rejects(start(storage, new SnapshotFiles(join(root, 'past')), machine), RaftStorageCorruption)
  })

  it('a storage failure stops the engine: waiting callers are rejected and the node is told', async () => {
    const inner = walStorage('fatal')
    let broken = false
    const storage: RaftStorage = {
      load: () => inner.load(),
      compact: (snapshot, firstIndex) => inner.compact(snapshot, firstIndex),
      close: () => inner.close(),
      save: async (update) => {
        if (broken) throw new RaftStorageCorruption('disk says no')
        await inner.save(update)
      },
    }
    let fatal: Error | undefined
    const ticker = new ManualTicker()
    const driver = await start(storage, new SnapshotFiles(join(root, 'fatal')), ListStateMachine.inMemory(), (error) => {
      fatal = error
    }, ticker)
    for (let i = 0; i < 40 && driver.status().role !== 'leader'; i++) {
      ticker.tick()
      await settle()
      await driver.whenIdle()
    }
    assert.equal(driver.status().role, 'leader')
    broken = true
    await assert.rejects(driver.propose('x'), /disk says no/)
    assert.ok(fatal instanceof RaftStorageCorruption)
    await assert.rejects(driver.propose('y'), (error: unknown) => error instanceof RaftStorageCorruption || isNornicError(error))
    await driver.stop()
  })
})
