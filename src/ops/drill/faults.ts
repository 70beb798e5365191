/**
 * The faults of a drill, one per round: each injects, then heals, and returns the node it hit and
 * the instant of injection (on the history's clock), which the round's timings count from.
 */
import { NornicError } from '../../errors/index.js'
import type { ClusterControl, DrillNode } from './cluster-control.js'
import { postAdmin, type DrillHttpOptions } from './drill-http.js'
import type { StatusSampler } from './status-sampler.js'

export const FAULTS = ['kill-leader', 'kill-random', 'pause-leader', 'transfer-leadership', 'partition-leader', 'restart-all'] as const
export type Fault = (typeof FAULTS)[number]

export interface FaultContext {
  readonly control: ClusterControl
  readonly sampler: StatusSampler
  readonly http: DrillHttpOptions
  readonly now: () => number
  /** How long a paused leader stays frozen, and how long a killed node stays down at most. */
  readonly downMs: number
  readonly random: () => number
}

export interface InjectedFault {
  readonly fault: Fault
  /** The node hit (`all` for restart-all). */
  readonly target: string
  readonly faultTime: number
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `probe` every 50 ms until it returns something, or `timeoutMs` passes (then undefined). */
export async function pollFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== undefined || Date.now() >= deadline) return value
    await sleep(50)
  }
}

function nodeByUrl(control: ClusterControl, url: string): DrillNode {
  const node = control.nodes.find((candidate) => candidate.url === url)
  if (node === undefined) throw new Error(`no node at ${url}`)
  return node
}

/** The node that takes writes now; a cluster without one cannot be drilled. */
export async function currentWriter(context: FaultContext, timeoutMs = 30_000): Promise<DrillNode> {
  const url = await pollFor(() => context.sampler.currentWriterUrl(), timeoutMs)
  if (url === undefined) throw new NornicError('Nornic.Cli.NodeUnreachable', `no node reported itself leader or primary within ${timeoutMs / 1000}s`)
  return nodeByUrl(context.control, url)
}

/** Waits until a node other than `old` takes writes, up to `timeoutMs`. */
function otherWriter(context: FaultContext, old: DrillNode, timeoutMs: number): Promise<string | undefined> {
  return pollFor(() => {
    const url = context.sampler.currentWriterUrl()
    return url !== undefined && url !== old.url ? url : undefined
  }, timeoutMs)
}

export async function injectFault(fault: Fault, context: FaultContext): Promise<InjectedFault> {
  const { control } = context
  const writer = await currentWriter(context)
  switch (fault) {
    case 'kill-leader':
    case 'kill-random': {
      const target = fault === 'kill-leader' ? writer : (control.nodes[Math.floor(context.random() * control.nodes.length)] as DrillNode)
      const faultTime = context.now()
      await control.kill(target.id)
      // The node stays down until the others have a writer again (or the bound runs out), so the
      // round measures a failover rather than a quick restart.
      if (target === writer) await otherWriter(context, writer, context.downMs * 10)
      else await sleep(context.downMs)
      await control.restart(target.id)
      return { fault, target: target.id, faultTime }
    }
    case 'pause-leader': {
      if (control.pause === undefined || control.resume === undefined) throw new NornicError('Nornic.Cli.Usage', 'pause-leader needs --pause-cmd and --resume-cmd on a remote cluster')
      const faultTime = context.now()
      await control.pause(writer.id)
      await sleep(context.downMs)
      await otherWriter(context, writer, context.downMs * 10)
      await control.resume(writer.id)
      return { fault, target: writer.id, faultTime }
    }
    case 'partition-leader': {
      const { isolate, healLinks } = control
      if (isolate === undefined || healLinks === undefined) throw new NornicError('Nornic.Cli.Usage', 'partition-leader runs on a local cluster, whose links go through the drill\'s relays')
      const faultTime = context.now()
      isolate(writer.id)
      await sleep(context.downMs)
      await otherWriter(context, writer, context.downMs * 10)
      healLinks()
      return { fault, target: writer.id, faultTime }
    }
    case 'transfer-leadership': {
      const faultTime = context.now()
      const answer = await postAdmin(context.http, writer.url, '/admin/cluster/transfer-leadership', {})
      if (answer.status !== 200) {
        const reason = 'message' in answer ? answer.message : JSON.stringify(answer.body)
        throw new NornicError('Nornic.Cluster.TransferFailed', `transfer-leadership on ${writer.id} answered ${answer.status}: ${reason}`, { node: writer.id })
      }
      // The endpoint answers once the transfer is under way; the round starts healing once it is done.
      await otherWriter(context, writer, context.downMs * 10)
      return { fault, target: writer.id, faultTime }
    }
    case 'restart-all': {
      const faultTime = context.now()
      await Promise.all(control.nodes.map((node) => control.kill(node.id)))
      await sleep(Math.min(context.downMs, 500))
      await Promise.all(control.nodes.map((node) => control.restart(node.id)))
      return { fault, target: 'all', faultTime }
    }
  }
}
