import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { pino } from 'pino'
import { encodeStatements, encodeWriteRequest } from '../../../../src/cluster/value-codec.js'
import type { EntriesBatch } from '../../../../src/cluster/standby/messages.js'
import { ReplicaLog } from '../../../../src/cluster/standby/replica-log.js'
import { WriteAheadLog, type WalEntry } from '../../../../src/cluster/standby/wal.js'
import type { WriteCommand, WriteRequest } from '../../../../src/graph/command.js'
import { GraphDatabase } from '../../../../src/graph/database.js'
import { items } from './ha-pair.js'

const dirs: string[] = []
const opened: { close(): Promise<void> }[] = []
after(async () => {
  for (const resource of opened) await resource.close()
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

async function replica(): Promise<{ log: ReplicaLog; graph: GraphDatabase; wal: WriteAheadLog }> {
  const dir = await mkdtemp(join(tmpdir(), 'nornic-replica-'))
  dirs.push(dir)
  const wal = await WriteAheadLog.open(dir, { retainEntries: 100 })
  const graph = await GraphDatabase.open({ memory: true })
  opened.push(wal, graph)
  const log = new ReplicaLog(wal, graph, pino({ level: 'silent' }), 'node-2')
  await log.recover()
  return { log, graph, wal }
}

function entry(index: number, epoch = 1, statement = 'CREATE (:Item {n: $n})'): WalEntry {
  return { index, epoch, timestamp: 1_000 + index, statements: encodeStatements([{ statement, parameters: { n: BigInt(index) } }]) }
}

function batch(prev: { index: number; epoch: number }, entries: WalEntry[], primaryLast = entries.at(-1)?.index ?? prev.index, epoch = 1): EntriesBatch {
  return { epoch, history: [{ epoch: 1, startIndex: 1 }], prev, entries, primaryLast, ack: 'applied' }
}

describe('a standby taking WAL batches', () => {
  it('applies batches in order and answers with its progress', async () => {
    const { log, graph } = await replica()
    const first = await log.receive(batch({ index: 0, epoch: 0 }, [entry(1), entry(2)]))
    assert.deepEqual({ ok: first.ok, progress: first.progress }, { ok: true, progress: { received: 2, persisted: 2, applied: 2 } })
    await log.receive(batch({ index: 2, epoch: 1 }, [entry(3)]))
    assert.deepEqual(await items(graph), [1, 2, 3])
  })

  it('a batch sent again (its answer was lost) changes nothing and discards nothing', async () => {
    const { log, graph } = await replica()
    await log.receive(batch({ index: 0, epoch: 0 }, [entry(1), entry(2), entry(3)]))
    const again = await log.receive(batch({ index: 1, epoch: 1 }, [entry(2), entry(3), entry(4)]))
    assert.equal(again.ok, true)
    assert.equal(log.discardedEntries, 0)
    assert.deepEqual(await items(graph), [1, 2, 3, 4])
  })

  it('a batch from past its end is refused as a mismatch', async () => {
    const { log } = await replica()
    const answer = await log.receive(batch({ index: 5, epoch: 1 }, [entry(6)]))
    assert.deepEqual({ ok: answer.ok, reason: answer.reason, last: answer.last }, { ok: false, reason: 'mismatch', last: { index: 0, epoch: 0 } })
  })

  it('a conflicting tail it already applied is discarded, and it asks for a snapshot', async () => {
    const { log } = await replica()
    await log.receive(batch({ index: 0, epoch: 0 }, [entry(1), entry(2), entry(3)]))
    const answer = await log.receive(batch({ index: 1, epoch: 1 }, [entry(2, 2)], 2, 2))
    assert.deepEqual({ ok: answer.ok, reason: answer.reason, last: answer.last }, { ok: false, reason: 'needs_snapshot', last: { index: 1, epoch: 1 } })
    assert.equal(log.discardedEntries, 2)
  })

  it('a command that failed on the primary fails the same way here and the stream goes on', async () => {
    const { log, graph } = await replica()
    const answer = await log.receive(batch({ index: 0, epoch: 0 }, [entry(1), entry(2, 1, 'CREATE (:Item {n: 1 / 0})'), entry(3)]))
    assert.deepEqual(answer.progress, { received: 3, persisted: 3, applied: 3 })
    assert.deepEqual(await items(graph), [1, 3])
  })

  it('hands the graph each entry\'s whole request, on the primary, on the standby and when replaying after a restart', async () => {
    const applied: WriteCommand[] = []
    const graph = {
      appliedIndex: 0,
      apply: async (command: WriteCommand) => {
        applied.push(command)
        return []
      },
      snapshot: () => { throw new Error('not used') },
      restore: () => { throw new Error('not used') },
    }
    const statements = [{ statement: 'CREATE (n)', parameters: {} }]
    const expected = { timestamp: 7, seed: 3, nodeIds: [[1, '4:n:1']] as const, relationshipIds: [], digests: ['x'] }
    const requests: WriteRequest[] = [{ statements, expected }, { statements: [], reserveIds: { nodes: 16, relationships: 8 } }, { statements }]
    const entries = requests.map((request, offset): WalEntry => ({ index: offset + 1, epoch: 1, timestamp: 100 + offset, ...encodeWriteRequest(request) }))
    const commands = requests.map((request, offset): WriteCommand => ({ ...request, context: { index: offset + 1, timestamp: 100 + offset } }))
    const logger = pino({ level: 'silent' })
    const open = async (dir: string) => {
      const wal = await WriteAheadLog.open(dir, { retainEntries: 100 })
      opened.push(wal)
      return wal
    }
    const [primaryDir, standbyDir] = [await mkdtemp(join(tmpdir(), 'nornic-replica-')), await mkdtemp(join(tmpdir(), 'nornic-replica-'))]
    dirs.push(primaryDir, standbyDir)

    const primary = new ReplicaLog(await open(primaryDir), graph, logger, 'node-1')
    for (const entry of entries) await primary.write(entry, () => undefined)
    assert.deepEqual(applied, commands, 'the primary applies what it logs')

    applied.length = 0
    const standbyWal = await open(standbyDir)
    await new ReplicaLog(standbyWal, graph, logger, 'node-2').receive(batch({ index: 0, epoch: 0 }, entries))
    assert.deepEqual(applied, commands, 'the standby applies what it receives')

    applied.length = 0
    await standbyWal.close()
    await new ReplicaLog(await open(standbyDir), graph, logger, 'node-2').recover()
    assert.deepEqual(applied, commands, 'a restarted node replays its WAL with every field intact')
  })
})
