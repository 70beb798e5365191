import type { ConfChange, Entry, NodeId, ProposeResult, RequestResult } from '../../../../../src/cluster/raft/index.js'
import type { ScenarioEnv, Tuning } from './env.js'
import { formatEntry, formatStatus } from './format.js'

/** One scenario command: its words after the verb, and key=value options. */
export interface Command {
  readonly verb: string
  readonly args: readonly string[]
  readonly options: ReadonlyMap<string, string>
}

interface Verb {
  readonly usage: string
  run(env: ScenarioEnv, command: Command): void
}

function say(env: ScenarioEnv, result: ProposeResult | RequestResult, who: NodeId, what: string): void {
  if (result.ok) {
    if ('index' in result) env.output.push(`${who} ${what} at ${result.index}/${result.term}`)
    return
  }
  const detail = 'detail' in result ? `: ${result.detail}` : ''
  env.output.push(`${who} refused ${what}: ${result.reason}${result.leader === '' ? '' : ` (leader ${result.leader})`}${detail}`)
}

function tuningFrom(options: ReadonlyMap<string, string>): Partial<Tuning> {
  const numbers: [string, keyof Tuning][] = [
    ['election', 'electionTicks'], ['heartbeat', 'heartbeatTicks'], ['max-append', 'maxAppendEntries'], ['max-append-size', 'maxAppendSize'],
    ['inflight', 'maxInflight'], ['trailing', 'trailingLogs'],
  ]
  const tuning: Record<string, unknown> = {}
  for (const [option, key] of numbers) if (options.has(option)) tuning[key] = Number(options.get(option))
  if (options.has('pre-vote')) tuning['preVote'] = options.get('pre-vote') === 'true'
  if (options.has('check-quorum')) tuning['checkQuorum'] = options.get('check-quorum') === 'true'
  return tuning as Partial<Tuning>
}

/** "3:2" is entry 3 of term 2 (a normal entry whose data is "x"). */
function parseLog(spec: string | undefined): Entry[] {
  if (spec === undefined || spec === '') return []
  return spec.split(',').map((pair) => {
    const [index, term] = pair.split(':').map(Number) as [number, number]
    return { index, term, type: 'normal', data: 'x' }
  })
}

const CONF_KINDS: Record<string, ConfChange['kind']> = {
  'add-voter': 'addVoter', 'add-learner': 'addLearner', promote: 'promoteLearner', remove: 'remove',
}

export const VERBS: Record<string, Verb> = {
  'add-nodes': {
    usage: 'add-nodes <count> [joining] [election=10 heartbeat=1 max-append=64 inflight=256 trailing=10000 pre-vote=true check-quorum=true]',
    run(env, { args, options }) {
      const count = Number(args[0])
      const start = env.nodes.size
      const ids = Array.from({ length: count }, (_, i) => `n${start + i + 1}`)
      const voters = args.includes('joining') ? [] : ids
      for (const id of ids) env.addNode(id, voters, tuningFrom(options))
    },
  },
  campaign: { usage: 'campaign <node>', run: (env, { args }) => env.core(args[0]).campaign() },
  tick: {
    usage: 'tick <node> [count]',
    run(env, { args }) {
      const core = env.core(args[0])
      for (let i = 0; i < Number(args[1] ?? 1); i++) core.tick()
    },
  },
  'tick-heartbeat': {
    usage: 'tick-heartbeat <node>...: one heartbeat interval on each',
    run(env, { args }) {
      for (const id of args) for (let i = 0; i < env.node(id).tuning.heartbeatTicks; i++) env.core(id).tick()
    },
  },
  'tick-election': {
    usage: 'tick-election <node>...: ticks until each starts a campaign (or steps down), at most 2T',
    run(env, { args }) {
      for (const id of args) {
        const core = env.core(id)
        const role = core.status().role
        for (let i = 0; i < 2 * env.node(id).tuning.electionTicks && core.status().role === role; i++) core.tick()
      }
    },
  },
  propose: { usage: 'propose <node> <data>', run: (env, { args }) => say(env, env.core(args[0]).propose(args[1] ?? ''), args[0]!, `proposal ${args[1]}`) },
  'conf-change': {
    usage: 'conf-change <node> add-voter|add-learner|promote|remove <target>',
    run(env, { args }) {
      const kind = CONF_KINDS[args[1] ?? '']
      if (kind === undefined) throw new Error(`unknown change ${args[1]}`)
      say(env, env.core(args[0]).proposeConfChange({ kind, node: args[2] ?? '' }), args[0]!, `${args[1]} ${args[2]}`)
    },
  },
  transfer: {
    usage: 'transfer <leader> <target>',
    run: (env, { args }) => say(env, env.core(args[0]).transferLeadership(args[1] ?? ''), args[0]!, `transfer to ${args[1]}`),
  },
  'read-index': {
    usage: 'read-index <node> <context>',
    run: (env, { args }) => say(env, env.core(args[0]).readIndex(args[1] ?? ''), args[0]!, `read ${args[1]}`),
  },
  'connection-lost': { usage: 'connection-lost <node>: its link to the leader dropped', run: (env, { args }) => env.core(args[0]).leaderConnectionLost() },
  snapshot: {
    usage: 'snapshot <node>: the driver took a snapshot at the applied index',
    run(env, { args }) {
      const node = env.node(args[0])
      const applied = node.store.applied.length
      const { snapshot, firstIndex } = env.core(args[0]).snapshotTaken(applied)
      node.store.snapshot = { meta: snapshot, applied: node.store.applied.slice(0, snapshot.index) }
      node.store.entries = node.store.entries.filter((entry) => entry.index >= firstIndex)
      env.output.push(`${node.id} snapshot at ${snapshot.index}/${snapshot.term}, first index ${firstIndex}`)
    },
  },
  partition: {
    usage: 'partition <nodes> | <nodes> [| ...]: cuts every link between groups',
    run(env, { args }) {
      const groups = args.join(' ').split('|').map((group) => group.trim().split(/\s+/).filter(Boolean))
      for (const a of groups) for (const b of groups) if (a !== b) for (const from of a) for (const to of b) env.cutLink(from, to)
    },
  },
  cut: { usage: 'cut <from> <to>: one-way', run: (env, { args }) => env.cutLink(args[0]!, args[1]!) },
  heal: { usage: 'heal', run: (env) => env.heal() },
  crash: { usage: 'crash <node>: loses whatever it has not persisted', run: (env, { args }) => env.crash(args[0]!) },
  restart: { usage: 'restart <node>', run: (env, { args }) => env.start(env.node(args[0])) },
  restore: {
    usage: 'restore <node> term=<t> [vote=<id>] [commit=<i>] log=<index:term,...>: replaces its disk and restarts it',
    run(env, { args, options }) {
      const hardState = { term: Number(options.get('term') ?? 0), vote: options.get('vote') ?? '', commit: Number(options.get('commit') ?? 0) }
      env.restore(args[0]!, hardState, parseLog(options.get('log')))
    },
  },
  'process-ready': { usage: 'process-ready <node>...', run: (env, { args }) => args.forEach((id) => env.processReady(env.node(id))) },
  deliver: { usage: 'deliver [node]: delivers queued messages (to node only)', run: (env, { args }) => void env.deliver(args[0]) },
  drop: { usage: 'drop <node>: loses every queued message to node', run: (env, { args }) => env.dropQueued(args[0]!) },
  stabilize: { usage: 'stabilize', run: (env) => env.stabilize() },
  'trace-messages': { usage: 'trace-messages on|off', run: (env, { args }) => void (env.traceMessages = args[0] === 'on') },
  status: { usage: 'status <node>...', run: (env, { args }) => args.forEach((id) => env.output.push(...formatStatus(env.core(id).status()))) },
  roles: {
    usage: 'roles: one line per node',
    run(env) {
      for (const node of env.nodes.values()) {
        const s = node.core?.status()
        env.output.push(s === undefined ? `${node.id} down` : `${node.id} ${s.role} term=${s.term} leader=${s.leader || '-'} commit=${s.commit}`)
      }
    },
  },
  log: {
    usage: 'log <node>: its entries, commit and applied index',
    run(env, { args }) {
      const core = env.core(args[0])
      const s = core.status()
      env.output.push(`${s.id} commit=${s.commit} applied=${s.applied}: ${core.logEntries().map(formatEntry).join(', ') || '(empty)'}`)
    },
  },
  applied: {
    usage: 'applied <node>...: what its state machine applied, in order',
    run: (env, { args }) => args.forEach((id) => env.output.push(`${id} applied: ${env.node(id).store.applied.join(' ') || '(nothing)'}`)),
  },
}
