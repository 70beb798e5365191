import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { AddressBook } from '../../../../src/cluster/raft-mode/address-book.js'
import { GraphStateMachine } from '../../../../src/cluster/raft-mode/graph-state-machine.js'
import { encodeCommand } from '../../../../src/cluster/raft-mode/raft-command.js'
import type { WriteCommand } from '../../../../src/graph/command.js'
import { GraphDatabase } from '../../../../src/graph/database.js'

const dirs: string[] = []
async function machine(): Promise<{ graph: GraphDatabase; machine: GraphStateMachine; book: AddressBook }> {
  const dir = await mkdtemp(join(tmpdir(), 'nornic-raft-mode-'))
  dirs.push(dir)
  const graph = await GraphDatabase.open({ memory: true })
  const book = await AddressBook.load(dir, new Map([['node-2', '127.0.0.1:7002']]))
  return { graph, machine: new GraphStateMachine(graph, book), book }
}

/** A state machine over a graph that only records the commands handed to it ahead (prepare) and to apply. */
async function recordingReplica(): Promise<{ replica: GraphStateMachine; prepared: WriteCommand[]; applied: WriteCommand[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'nornic-raft-mode-'))
  dirs.push(dir)
  const prepared: WriteCommand[] = []
  const applied: WriteCommand[] = []
  const notUsed = (): never => {
    throw new Error('not used')
  }
  const graph = {
    appliedIndex: 0,
    prepare: async (command: WriteCommand) => {
      prepared.push(command)
    },
    applyAll: async (commands: readonly WriteCommand[]) => {
      applied.push(...commands)
      return commands.map(() => ({ ok: true as const, results: [] }))
    },
    openSnapshot: notUsed,
    persistApplied: notUsed,
    restore: notUsed,
  }
  return { replica: new GraphStateMachine(graph, await AddressBook.load(dir, new Map())), prepared, applied }
}

const write = (statement: string, timestamp: number) => encodeCommand({ kind: 'write', timestamp, request: { statements: [{ statement, parameters: {} }] } })

// DESIGN.md, "A write is a deterministic command": the index and the leader's timestamp are the
// only inputs besides the statements, so every replica ends with the same graph.
describe('GraphStateMachine', () => {
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it('applies writes with the entry index and the leader\'s timestamp, the same on every replica', async () => {
    const [a, b] = [await machine(), await machine()]
    for (const replica of [a, b]) {
      await replica.machine.apply([{ index: 3, data: write('CREATE (:K {t: timestamp()})', 1234) }])
      await replica.machine.apply([{ index: 5, data: encodeCommand({ kind: 'member', id: 'node-4', address: '127.0.0.1:7004' }) }])
      await replica.machine.apply([{ index: 6, data: write('CREATE (:K {t: timestamp() + 1})', 99) }])
    }
    const read = async (graph: GraphDatabase) => (await graph.read([{ statement: 'MATCH (n:K) RETURN id(n), n.t ORDER BY n.t', parameters: {} }]))[0]!.rows
    assert.deepEqual(await read(a.graph), await read(b.graph))
    assert.deepEqual((await read(a.graph)).map((row) => row[1]), [100n, 1234n])
    assert.equal(a.machine.appliedIndex, 6)
    assert.equal(a.book.get('node-4'), '127.0.0.1:7004')
  })

  it('applies a batch as one graph write: a failing write is undone alone, each command gets its own outcome', async () => {
    const [batched, single] = [await machine(), await machine()]
    const commands = [
      { index: 2, data: write('CREATE (:K {v: 1})', 10) },
      { index: 3, data: write('CREATE (:K {v: 1 / 0})', 11) },
      { index: 4, data: encodeCommand({ kind: 'member', id: 'node-4', address: '127.0.0.1:7004' }) },
      { index: 5, data: write('MATCH (n:K) SET n.v = n.v + 1 RETURN n.v', 12) },
      { index: 6, data: write('CREATE (:K {v: 1 / 0})', 13) },
    ]
    const outcomes = await batched.machine.apply(commands)
    assert.deepEqual(outcomes.map((outcome) => outcome.ok), [true, false, true, true, false])
    assert.match(String(!outcomes[1]!.ok && outcomes[1]!.error.message), /by zero/)
    assert.deepEqual(outcomes[3]!.ok && outcomes[3]!.value[0]!.rows, [[2n]], 'the write after the failed one sees the one before it')
    for (const command of commands) await single.machine.apply([command])
    const read = async (graph: GraphDatabase) => (await graph.read([{ statement: 'MATCH (n:K) RETURN elementId(n), n.v', parameters: {} }]))[0]!.rows
    assert.deepEqual(await read(batched.graph), await read(single.graph), 'one batch leaves the graph one command at a time leaves')
    assert.deepEqual((await read(batched.graph)).map((row) => row[1]), [2n])
    assert.equal(batched.machine.appliedIndex, 5, 'the applied index is the last write that took effect')
    assert.equal(batched.book.get('node-4'), '127.0.0.1:7004')
  })

  it('hands the graph each write\'s expected run and id reservation with the entry\'s context', async () => {
    const { replica, prepared, applied } = await recordingReplica()
    const statements = [{ statement: 'CREATE (n)', parameters: {} }]
    const expected = { timestamp: 50, seed: 7, nodeIds: [[12, '4:n:12']] as const, relationshipIds: [], digests: ['d'] }
    const reserveIds = { nodes: 64, relationships: 32 }
    const outcomes = await replica.apply([
      { index: 4, data: encodeCommand({ kind: 'write', timestamp: 60, request: { statements, expected } }) },
      { index: 5, data: encodeCommand({ kind: 'write', timestamp: 61, request: { statements: [], reserveIds } }) },
      { index: 6, data: write('CREATE (m)', 62) },
    ])
    assert.deepEqual(outcomes.map((outcome) => outcome.ok), [true, true, true])
    assert.deepEqual(applied, [
      { statements, expected, context: { index: 4, timestamp: 60 } },
      { statements: [], reserveIds, context: { index: 5, timestamp: 61 } },
      { statements: [{ statement: 'CREATE (m)', parameters: {} }], context: { index: 6, timestamp: 62 } },
    ])
    assert.deepEqual(Object.keys(applied[2]!), ['statements', 'context'], 'a plain write gains no empty fields')
    assert.deepEqual(prepared, [], 'applying prepares nothing')
  })

  it('hands the graph the command it prepared when the same entry commits, and a new one for another entry', async () => {
    const { replica, prepared, applied } = await recordingReplica()
    const entry = { index: 7, data: write('CREATE (:K)', 70) }
    replica.prepare(entry)
    await replica.apply([entry])
    assert.equal(prepared.length, 1)
    assert.equal(applied[0], prepared[0], 'the very command prepared')

    replica.prepare({ index: 8, data: write('CREATE (:K)', 80) })
    await replica.apply([{ index: 8, data: write('CREATE (:L)', 81) }])
    assert.notEqual(applied[1], prepared[1])
    assert.deepEqual(applied[1], { statements: [{ statement: 'CREATE (:L)', parameters: {} }], context: { index: 8, timestamp: 81 } })

    replica.prepare({ index: 9, data: encodeCommand({ kind: 'member', id: 'node-4', address: '127.0.0.1:7004' }) })
    assert.equal(prepared.length, 2, 'a member entry is not prepared')
  })

  it('applies the entry that committed, not the one prepared at its index, on a real graph', async () => {
    const { graph, machine: replica } = await machine()
    replica.prepare({ index: 1, data: write('CREATE (:K {v: 1})', 1) })
    const [outcome] = await replica.apply([{ index: 1, data: write('CREATE (:K {v: 2})', 2) }])
    assert.ok(outcome!.ok)
    const rows = (await graph.read([{ statement: 'MATCH (n:K) RETURN n.v', parameters: {} }]))[0]!.rows
    assert.deepEqual(rows, [[2n]])
  })

  it('restores a snapshot: the graph and the address book', async () => {
    const source = await machine()
    await source.machine.apply([{ index: 1, data: write('CREATE (:K {v: 1})', 1) }])
    await source.book.record('node-5', { address: '127.0.0.1:7005', boltAddress: '127.0.0.1:7605' })
    const records: string[] = []
    for await (const record of await source.machine.snapshot()) records.push(record)
    const target = await machine()
    // Entries 2 and 3 had no effect on the graph (a noop, a membership change): the snapshot at 3 holds the same graph.
    await target.machine.restore(3, (async function* () { yield* records })())
    assert.equal(target.machine.appliedIndex, 3, 'the snapshot\'s index, not the last write\'s')
    assert.equal(target.book.get('node-5'), '127.0.0.1:7005')
    assert.equal(target.book.boltAddressOf('node-5'), '127.0.0.1:7605')
    const rows = (await target.graph.read([{ statement: 'MATCH (n:K) RETURN n.v', parameters: {} }]))[0]!.rows
    assert.deepEqual(rows, [[1n]])
  })

  it('persists an applied index past the last write, which later entries continue', async () => {
    const { graph, machine: replica } = await machine()
    await replica.apply([{ index: 1, data: write('CREATE (:K {v: 1})', 1) }])
    await replica.persist(4)
    assert.equal(replica.appliedIndex, 4)
    assert.equal(graph.appliedIndex, 4)
    await replica.apply([{ index: 5, data: write('CREATE (:K {v: 5})', 5) }])
    assert.equal(replica.appliedIndex, 5)
  })

  it('keeps recorded addresses across a restart of the book', async () => {
    const { book } = await machine()
    await book.record('node-6', { address: '127.0.0.1:7006', boltAddress: '127.0.0.1:7606' })
    const dir = dirs.at(-1)!
    const again = await AddressBook.load(dir, new Map())
    assert.equal(again.get('node-6'), '127.0.0.1:7006')
    assert.equal(again.boltAddressOf('node-6'), '127.0.0.1:7606')
  })

  it('loads a book and a snapshot written before Bolt addresses; a record changes only the addresses it carries', async () => {
    const { book, machine: replica } = await machine()
    await writeFile(join(dirs.at(-1)!, 'members.json'), JSON.stringify({ 'node-7': '127.0.0.1:7007' }))
    const reloaded = await AddressBook.load(dirs.at(-1)!, new Map())
    assert.equal(reloaded.get('node-7'), '127.0.0.1:7007')
    assert.equal(reloaded.boltAddressOf('node-7'), undefined)
    const graphRecords: string[] = []
    for await (const record of await (await machine()).machine.snapshot()) graphRecords.push(record)
    const oldSnapshot = [JSON.stringify({ addresses: { 'node-8': '127.0.0.1:7008' } }), ...graphRecords.slice(1)]
    await replica.restore(0, (async function* () { yield* oldSnapshot })())
    assert.equal(book.get('node-8'), '127.0.0.1:7008')
    await replica.apply([{ index: 1, data: encodeCommand({ kind: 'member', id: 'node-8', boltAddress: '127.0.0.1:7608' }) }])
    assert.equal(book.get('node-8'), '127.0.0.1:7008', 'a Bolt address record leaves the cluster address as this node knows it')
    await replica.apply([{ index: 2, data: encodeCommand({ kind: 'member', id: 'node-8', address: '127.0.0.1:7009' }) }])
    assert.equal(book.get('node-8'), '127.0.0.1:7009')
    assert.equal(book.boltAddressOf('node-8'), '127.0.0.1:7608', 'a record without a Bolt address keeps the one known')
  })
})
