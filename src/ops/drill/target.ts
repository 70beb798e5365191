/**
 * Turns the command's target flags into a cluster the drill can fault: a local cluster it starts
 * (and later removes), or a running one reached through --node, whose node ids and mode it asks for
 * and whose kills and restarts go through the operator's command templates.
 */
import { NornicError } from '../../errors/index.js'
import type { LocalMode } from '../local-cluster/local-cluster-plan.js'
import { remoteControl, type ClusterControl, type DrillNode, type RemoteTemplates } from './cluster-control.js'
import { DrillHttp, type DrillHttpOptions } from './drill-http.js'
import type { Fault } from './faults.js'
import { startLocalTarget } from './local-target.js'
import type { SampledMode } from './status-sampler.js'

export interface TargetOptions {
  readonly local: boolean
  readonly mode: LocalMode
  readonly nodes: number | undefined
  readonly dataDir: string | undefined
  /** The --node URLs, when given. */
  readonly remoteNodes: readonly string[] | undefined
  readonly templates: { readonly [K in keyof RemoteTemplates]: string | undefined }
  readonly fault: Fault
  readonly http: DrillHttpOptions
}

export interface DrillTarget {
  readonly kind: 'local' | 'remote'
  readonly mode: SampledMode
  readonly control: ClusterControl
  close(): Promise<void>
}

const usage = (message: string): NornicError => new NornicError('Nornic.Cli.Usage', message)
const LOCAL_READY_TIMEOUT_MS = 60_000

function checkFaultFitsMode(fault: Fault, mode: SampledMode): void {
  if (fault === 'transfer-leadership' && mode !== 'raft') throw usage(`--fault transfer-leadership is a raft operation; a ${mode} cluster fails over with kill-leader, pause-leader or partition-leader`)
}

export async function prepareTarget(options: TargetOptions): Promise<DrillTarget> {
  if (options.local) {
    checkFaultFitsMode(options.fault, options.mode)
    if (options.remoteNodes !== undefined) throw usage('--local starts its own cluster; leave out --node')
    const local = await startLocalTarget({
      mode: options.mode,
      nodes: options.nodes ?? (options.mode === 'ha_standby' ? 2 : 3),
      readyTimeoutMs: LOCAL_READY_TIMEOUT_MS,
      partitionable: options.fault === 'partition-leader',
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    })
    return { kind: 'local', mode: options.mode, control: local.control, close: () => local.close() }
  }
  if (options.remoteNodes === undefined) throw usage('give --local, or the cluster\'s nodes with --node')
  const { killCmd, restartCmd, pauseCmd, resumeCmd } = options.templates
  const needsKill = options.fault === 'kill-leader' || options.fault === 'kill-random' || options.fault === 'restart-all'
  if (needsKill && (killCmd === undefined || restartCmd === undefined)) throw usage(`--fault ${options.fault} on a running cluster needs --kill-cmd and --restart-cmd`)
  if (options.fault === 'pause-leader' && (pauseCmd === undefined || resumeCmd === undefined)) throw usage('--fault pause-leader on a running cluster needs --pause-cmd and --resume-cmd')
  if (options.fault === 'partition-leader') throw usage('--fault partition-leader needs --local: the drill cuts links through relays it puts in front of each node\'s cluster port')
  const { nodes, mode } = await identifyNodes(new DrillHttp(options.http), options.remoteNodes)
  checkFaultFitsMode(options.fault, mode)
  const control = remoteControl(nodes, {
    killCmd: killCmd ?? 'false',
    restartCmd: restartCmd ?? 'false',
    ...(pauseCmd === undefined ? {} : { pauseCmd }),
    ...(resumeCmd === undefined ? {} : { resumeCmd }),
  })
  return { kind: 'remote', mode, control, close: async () => undefined }
}

/** Each node's id and the cluster's mode, from /health; every node must answer and agree on the mode. */
async function identifyNodes(http: DrillHttp, urls: readonly string[]): Promise<{ nodes: DrillNode[]; mode: SampledMode }> {
  const answers = await Promise.all(urls.map(async (url) => ({ url, body: await http.getJson(url, '/health') })))
  const silent = answers.filter((answer) => answer.body === undefined).map((answer) => answer.url)
  if (silent.length > 0) throw new NornicError('Nornic.Cli.NodeUnreachable', `${silent.join(', ')} did not answer /health; every node of the drill must be up when it starts`)
  const replication = answers.map((answer) => ({ url: answer.url, block: (answer.body?.replication ?? {}) as Record<string, unknown> }))
  const modes = new Set(replication.map((entry) => entry.block.mode))
  const [mode] = modes
  if (modes.size !== 1 || (mode !== 'raft' && mode !== 'ha_standby')) {
    throw usage(`the nodes run in ${[...modes].map(String).join(' and ')} mode; a drill needs one cluster in raft or ha_standby mode`)
  }
  const nodes = replication.map((entry) => ({ id: typeof entry.block.node_id === 'string' ? entry.block.node_id : new URL(entry.url).host, url: entry.url, address: new URL(entry.url).host }))
  return { nodes, mode }
}
