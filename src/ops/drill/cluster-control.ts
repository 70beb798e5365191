/**
 * What a fault does to a node, whatever runs it: a local cluster's processes (signals by PID) or a
 * remote cluster through the operator's command templates (`docker kill nornicdb-{node_id}`).
 */
import { execa } from 'execa'
import { NornicError } from '../../errors/index.js'
import type { LocalCluster } from '../local-cluster/local-cluster.js'

export interface DrillNode {
  readonly id: string
  readonly url: string
  /** The cluster address, for templates; null when unknown. */
  readonly address: string | null
}

export interface ClusterControl {
  readonly nodes: readonly DrillNode[]
  /** Kills the node hard (SIGKILL or the kill template) and returns once it is gone. */
  kill(id: string): Promise<void>
  /** Starts a killed node again on the same data. */
  restart(id: string): Promise<void>
  /** Freezes and thaws a node (SIGSTOP / SIGCONT); absent where the target cannot. */
  readonly pause?: (id: string) => Promise<void>
  readonly resume?: (id: string) => Promise<void>
  /** Cuts every cluster link to and from a node, and heals them all; absent where there are no relays. */
  readonly isolate?: (id: string) => void
  readonly healLinks?: () => void
}

export function localControl(cluster: LocalCluster, nodes: readonly DrillNode[]): ClusterControl {
  return {
    nodes,
    kill: (id) => cluster.kill(id, 'SIGKILL'),
    restart: async (id) => cluster.restart(id),
    pause: async (id) => cluster.signal(id, 'SIGSTOP'),
    resume: async (id) => cluster.signal(id, 'SIGCONT'),
  }
}

/** Fills `{node_id}` and `{address}`; any other `{name}` is a usage error, caught before the drill starts. */
export function fillTemplate(template: string, node: DrillNode): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    if (name === 'node_id') return node.id
    if (name === 'address') return node.address ?? new URL(node.url).host
    throw new NornicError('Nornic.Cli.Usage', `${whole} in a command template: the placeholders are {node_id} and {address}`)
  })
}

export interface RemoteTemplates {
  readonly killCmd: string
  readonly restartCmd: string
  readonly pauseCmd?: string
  readonly resumeCmd?: string
}

async function runTemplate(template: string, node: DrillNode, what: string): Promise<void> {
  const command = fillTemplate(template, node)
  const result = await execa(command, { shell: true, reject: false, timeout: 60_000, stdin: 'ignore' })
  if (result.exitCode !== 0) {
    const output = `${result.stderr ?? ''}`.trim().split('\n')[0] ?? ''
    throw new NornicError('Nornic.Cli.NodeUnreachable', `the ${what} command for ${node.id} (${command}) exited ${result.exitCode ?? 'on a signal'}${output === '' ? '' : `: ${output}`}`, { node: node.id })
  }
}

export function remoteControl(nodes: readonly DrillNode[], templates: RemoteTemplates): ClusterControl {
  const byId = (id: string): DrillNode => {
    const node = nodes.find((candidate) => candidate.id === id)
    if (node === undefined) throw new NornicError('Nornic.Cli.Usage', `no node ${id} among --node`)
    return node
  }
  for (const node of nodes) for (const template of Object.values(templates)) if (template !== undefined) fillTemplate(template, node)
  const { pauseCmd, resumeCmd } = templates
  return {
    nodes,
    kill: (id) => runTemplate(templates.killCmd, byId(id), 'kill'),
    restart: (id) => runTemplate(templates.restartCmd, byId(id), 'restart'),
    ...(pauseCmd !== undefined && resumeCmd !== undefined
      ? { pause: (id: string) => runTemplate(pauseCmd, byId(id), 'pause'), resume: (id: string) => runTemplate(resumeCmd, byId(id), 'resume') }
      : {}),
  }
}
