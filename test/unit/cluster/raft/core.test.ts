import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  RaftCore,
  bootstrapState,
  checkRaftConfig,
  createSeededRng,
  membershipOf,
  DEFAULT_RAFT_TUNING,
  type Message,
  type RaftConfig,
} from '../../../../src/cluster/raft/index.js'

function config(id: string, overrides: Partial<RaftConfig> = {}): RaftConfig {
  return { ...DEFAULT_RAFT_TUNING, id, rng: createSeededRng(7), ...overrides }
}

function cluster(ids: string[]): Map<string, RaftCore> {
  return new Map(ids.map((id) => [id, new RaftCore(config(id), bootstrapState(membershipOf(ids)))]))
}

/** Runs Ready rounds until quiet, delivering every message in order (those `deliver` lets through); returns what was sent. */
function settle(nodes: Map<string, RaftCore>, deliver: (message: Message) => boolean = () => true): Message[] {
  const sent: Message[] = []
  for (let round = 0; round < 100; round++) {
    const outbox: Message[] = []
    for (const core of nodes.values()) {
      if (!core.hasReady()) continue
      const ready = core.ready()
      outbox.push(...ready.messages)
      core.advance()
    }
    if (outbox.length === 0) return sent
    sent.push(...outbox)
    for (const m of outbox) if (deliver(m)) nodes.get(m.to)?.step(JSON.parse(JSON.stringify(m)) as Message)
  }
  throw new Error('did not settle')
}

test('settings out of range are named with the allowed range', () => {
  assert.equal(checkRaftConfig(config('n1')), undefined)
  assert.equal(checkRaftConfig(config('n1', { heartbeatTicks: 10 })), 'heartbeatTicks=10 must be below electionTicks (10)')
  assert.equal(checkRaftConfig(config('n1', { maxAppendEntries: 0 })), 'maxAppendEntries=0 must be a whole number of at least 1')
  assert.equal(checkRaftConfig(config('')), 'the node id must not be empty')
  assert.throws(() => new RaftCore(config('n1', { electionTicks: 0 }), bootstrapState(membershipOf(['n1']))), RangeError)
})

test('the election timeout is drawn from [T, 2T) ticks', () => {
  const seen = new Set<number>()
  for (let seed = 1; seed <= 200; seed++) {
    const core = new RaftCore(config('n1', { rng: createSeededRng(seed) }), bootstrapState(membershipOf(['n1', 'n2', 'n3'])))
    let ticks = 0
    while (core.status().role === 'follower') {
      core.tick()
      ticks++
    }
    seen.add(ticks)
  }
  assert.deepEqual([...seen].sort((a, b) => a - b), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19])
})

test('messages and entries survive a JSON round trip, as the transport sends them', () => {
  const nodes = cluster(['n1', 'n2', 'n3'])
  nodes.get('n1')!.campaign()
  settle(nodes)
  const result = nodes.get('n1')!.propose('{"statement":"CREATE (n)"}')
  assert.equal(result.ok, true)
  const sent = settle(nodes)
  assert.ok(sent.some((m) => m.type === 'append' && m.entries.length > 0))
  for (const id of ['n2', 'n3']) assert.equal(nodes.get(id)!.status().commit, 2)
})

test('a failed snapshot is probed again, but a report about an older snapshot than the one on its way changes nothing', () => {
  const ids = ['n1', 'n2', 'n3']
  const nodes = new Map(ids.map((id) => [id, new RaftCore(config(id, { trailingLogs: 0 }), bootstrapState(membershipOf(ids)))]))
  const n1 = nodes.get('n1')!
  n1.campaign()
  settle(nodes)
  const toN3 = (message: Message) => message.to !== 'n3'
  n1.propose('a')
  settle(nodes, toN3)
  const older = n1.snapshotTaken(n1.status().applied).snapshot
  n1.propose('b')
  settle(nodes, toN3)
  const newer = n1.snapshotTaken(n1.status().applied).snapshot
  n1.tick()
  const sent = settle(nodes, (message) => message.type !== 'snapshot')
  assert.ok(sent.some((m) => m.type === 'snapshot' && m.to === 'n3' && m.snapshot.index === newer.index), 'n3 is behind the first index')
  const n3State = () => n1.status().members.find((member) => member.id === 'n3')?.state
  assert.equal(n3State(), 'snapshot')
  n1.reportSnapshotFailure('n3', older.index)
  assert.equal(n3State(), 'snapshot', 'the report about the older snapshot is stale')
  n1.reportSnapshotFailure('n3', newer.index)
  assert.equal(n3State(), 'probe')
})

test('a vote leaves only with the hard state that records it, in the same Ready', () => {
  const nodes = cluster(['n1', 'n2', 'n3'])
  const n1 = nodes.get('n1')!
  const n2 = nodes.get('n2')!
  n1.campaign()
  const preVotes = n1.ready()
  n1.advance()
  for (const m of preVotes.messages) nodes.get(m.to)!.step(m)
  const answers = n2.ready()
  n2.advance()
  n1.step(answers.messages[0]!)
  const votes = n1.ready()
  n1.advance()
  assert.deepEqual(votes.hardState, { term: 1, vote: 'n1', commit: 0 })
  n2.step(votes.messages.find((m) => m.to === 'n2')!)
  const granted = n2.ready()
  assert.deepEqual(granted.hardState, { term: 1, vote: 'n1', commit: 0 })
  assert.equal(granted.messages[0]?.type, 'voteResponse')
})

test('a lone voter commits its entries once advance() says they are durable, and hands them out once', () => {
  const core = new RaftCore(config('n1'), bootstrapState(membershipOf(['n1'])))
  core.campaign()
  core.propose('a')
  const first = core.ready()
  assert.deepEqual(first.entries.map((e) => e.index), [1, 2])
  assert.deepEqual(first.committedEntries, [], 'nothing is committed before the leader\'s own write is durable')
  core.advance()
  assert.equal(core.status().commit, 2)
  const second = core.ready()
  assert.deepEqual(second.entries, [])
  assert.deepEqual(second.committedEntries.map((e) => e.index), [1, 2])
  core.advance()
  assert.equal(core.hasReady(), false)
  assert.equal(core.status().applied, 2)
})

test('a follower refuses proposals and names the leader; with none known it says so', () => {
  const nodes = cluster(['n1', 'n2', 'n3'])
  assert.deepEqual(nodes.get('n2')!.propose('x'), { ok: false, reason: 'noLeader', leader: '' })
  nodes.get('n1')!.campaign()
  settle(nodes)
  assert.deepEqual(nodes.get('n2')!.propose('x'), { ok: false, reason: 'notLeader', leader: 'n1' })
})

test('two leaders in one term is a bug the core refuses to continue past', () => {
  const nodes = cluster(['n1', 'n2', 'n3'])
  const n1 = nodes.get('n1')!
  n1.campaign()
  settle(nodes)
  const forged: Message = { type: 'append', from: 'n2', to: 'n1', term: 1, prevIndex: 0, prevTerm: 0, entries: [], commit: 0 }
  assert.throws(() => n1.step(forged), /leader at term 1 and got a append/)
})

test('the same seed and inputs give the same outputs', () => {
  const run = (): string => {
    const nodes = new Map(['n1', 'n2', 'n3'].map((id) => [id, new RaftCore(config(id, { rng: createSeededRng(id.length + 40) }), bootstrapState(membershipOf(['n1', 'n2', 'n3'])))]))
    const log: string[] = []
    for (let t = 0; t < 40; t++) {
      for (const core of nodes.values()) core.tick()
      log.push(...settle(nodes).map((m) => JSON.stringify(m)))
    }
    return log.join('\n')
  }
  assert.equal(run(), run())
})
