import { spawn } from 'node:child_process'
import { existsSync, openSync, closeSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { request } from 'undici'
import { NornicError } from '../../errors/index.js'
import type { LocalNodeSpec } from './local-cluster-plan.js'

/** The nornic entry point, the same from src/ (tsx) and dist/ (built). */
export const NORNIC_BIN = fileURLToPath(new URL('../../../bin/run.js', import.meta.url))

export interface LocalClusterRunOptions {
  /** Attached: every log line of every node, as it comes. Detached nodes log to <data dir>/nornic.log. */
  readonly onLog?: (nodeId: string, line: string) => void
  readonly detached: boolean
}

function spawnServe(spec: LocalNodeSpec) {
  return execa(process.execPath, [NORNIC_BIN, 'serve'], { env: { ...spec.env, NORNICDB_LOG_FORMAT: 'json' }, reject: false, stdin: 'ignore', buffer: false })
}

interface RunningLocalNode {
  readonly spec: LocalNodeSpec
  /** Only for attached nodes; a detached node is known by its PID alone. */
  process: ReturnType<typeof spawnServe> | undefined
  pid: number
}

async function isReady(httpUrl: string): Promise<boolean> {
  try {
    const response = await request(`${httpUrl}/health/ready`, { headersTimeout: 2000, bodyTimeout: 2000 })
    await response.body.dump()
    return response.statusCode === 200
  } catch {
    return false
  }
}

/**
 * Real `nornic serve` processes on this machine, started and stopped by PID. Used by `nornic cluster up`
 * and by local failover drills, which kill, pause and restart its nodes.
 */
export class LocalCluster {
  readonly #nodes = new Map<string, RunningLocalNode>()

  private constructor(private readonly options: LocalClusterRunOptions) {}

  static start(specs: readonly LocalNodeSpec[], options: LocalClusterRunOptions): LocalCluster {
    const cluster = new LocalCluster(options)
    for (const spec of specs) {
      const node: RunningLocalNode = { spec, process: undefined, pid: 0 }
      cluster.#nodes.set(spec.nodeId, node)
      cluster.launch(node)
    }
    return cluster
  }

  get specs(): LocalNodeSpec[] {
    return [...this.#nodes.values()].map((node) => node.spec)
  }

  pidOf(nodeId: string): number {
    return this.node(nodeId).pid
  }

  private node(nodeId: string): RunningLocalNode {
    const node = this.#nodes.get(nodeId)
    if (node === undefined) throw new NornicError('Nornic.Cli.Usage', `no node ${nodeId} in this local cluster`)
    return node
  }

  private launch(node: RunningLocalNode): void {
    mkdirSync(node.spec.dataDir, { recursive: true })
    if (this.options.detached) {
      const log = openSync(join(node.spec.dataDir, 'nornic.log'), 'a')
      const child = spawn(process.execPath, [NORNIC_BIN, 'serve'], {
        env: { ...process.env, ...node.spec.env, NORNICDB_LOG_FORMAT: 'json' }, detached: true, stdio: ['ignore', log, log],
      })
      closeSync(log)
      child.unref()
      node.pid = child.pid as number
      return
    }
    const child = spawnServe(node.spec)
    const forward = (line: string): void => this.options.onLog?.(node.spec.nodeId, line)
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().split('\n').filter((line) => line !== '').forEach(forward))
    child.stderr?.on('data', (chunk: Buffer) => chunk.toString().split('\n').filter((line) => line !== '').forEach(forward))
    node.process = child
    node.pid = child.pid as number
  }

  /** Waits (bounded) until every node running answers /health/ready. */
  async waitReady(timeoutMs: number, nodeIds: readonly string[] = [...this.#nodes.keys()]): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (let attempt = 0; attempt < Math.ceil(timeoutMs / 100) + 1; attempt++) {
      const ready = await Promise.all(nodeIds.map((id) => isReady(this.node(id).spec.httpUrl)))
      if (ready.every(Boolean)) return
      const exited = nodeIds.filter((id) => this.node(id).process?.exitCode !== null && this.node(id).process !== undefined)
      if (exited.length > 0) throw new NornicError('Nornic.Cli.NodeUnreachable', `${exited.join(', ')} exited during start-up; see its log`)
      if (Date.now() > deadline) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new NornicError('Nornic.Cli.NodeUnreachable', `the local cluster was not ready within ${timeoutMs / 1000}s`)
  }

  /** Sends a signal to one node's process. */
  signal(nodeId: string, signal: NodeJS.Signals): void {
    try {
      process.kill(this.node(nodeId).pid, signal)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
    }
  }

  /** Kills a node and waits (bounded) until its process is gone. */
  async kill(nodeId: string, signal: NodeJS.Signals = 'SIGKILL', timeoutMs = 30_000): Promise<void> {
    this.signal(nodeId, signal)
    await waitForExit(this.node(nodeId).pid, timeoutMs)
  }

  /** Starts a node again on its data dir and ports (after it was killed). */
  restart(nodeId: string): void {
    this.launch(this.node(nodeId))
  }

  /** Stops every node: SIGTERM, then SIGKILL for any still running after `timeoutMs`. */
  async stop(timeoutMs = 30_000): Promise<void> {
    await stopPids([...this.#nodes.values()].map((node) => node.pid), timeoutMs)
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * A recorded PID that still runs `nornic serve`: after a reboot, or long after, the PID may belong to
 * another program, which must not be signalled. Where /proc is missing, being alive has to do.
 */
export function isNornicServe(pid: number): boolean {
  if (!isAlive(pid)) return false
  const cmdline = `/proc/${pid}/cmdline`
  if (!existsSync('/proc/self/cmdline')) return true
  try {
    const args = readFileSync(cmdline, 'utf8').split('\0')
    return args.includes('serve') && args.some((arg) => arg.endsWith('run.js'))
  } catch {
    return false
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  for (let waited = 0; waited <= timeoutMs; waited += 50) {
    if (!isAlive(pid)) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return !isAlive(pid)
}

/** SIGTERM, a bounded wait, then SIGKILL for the stragglers. */
export async function stopPids(pids: readonly number[], timeoutMs: number): Promise<void> {
  const signal = (pid: number, name: NodeJS.Signals): void => {
    try {
      process.kill(pid, name)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
    }
  }
  for (const pid of pids) signal(pid, 'SIGTERM')
  const stopped = await Promise.all(pids.map((pid) => waitForExit(pid, timeoutMs)))
  pids.forEach((pid, i) => { if (!stopped[i]) signal(pid, 'SIGKILL') })
  await Promise.all(pids.map((pid) => waitForExit(pid, 5000)))
}
