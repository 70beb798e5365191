import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { freePort } from './free-port.js'
import { call } from './http.js'
import { waitFor } from './wait-for.js'

export const BIN = fileURLToPath(new URL('../../../bin/run.js', import.meta.url))

/** The environment a test node starts with: the caller's, less any NORNICDB_* setting that leaked in. */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('NORNICDB_') && key !== 'NORNIC_NODES') env[key] = value
  }
  return { ...env, NO_COLOR: '1', ...extra }
}

/** The directories tempDir made; they go when the test file's process exits (a raft node's log alone preallocates 128 MiB). */
const madeDirs = new Set<string>()
process.once('exit', () => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true })
})

/** A new empty directory under the system's temp dir, removed when this process exits. */
export function tempDir(prefix = 'nornic-e2e-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  madeDirs.add(dir)
  return dir
}

export interface CommandResult {
  readonly exitCode: number | undefined
  readonly stdout: string
  readonly stderr: string
}

/** Runs a short nornic command to its end (bounded). */
export async function runNornic(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CommandResult> {
  const result = await execa(process.execPath, [BIN, ...args], { env: cleanEnv(env), extendEnv: false, reject: false, timeout: timeoutMs, stdin: 'ignore' })
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }
}

export interface ServeOptions {
  readonly dataDir?: string
  readonly args?: readonly string[]
  readonly env?: Record<string, string>
}

const running = new Set<NornicNode>()

interface Ports {
  readonly http: number
  readonly bolt: number
}

/** Set, every node started here writes a CPU profile into it on exit (for finding a benchmark's hot spots). */
const CPU_PROFILE_DIR = process.env.NORNIC_CPU_PROFILE_DIR

function launch(dataDir: string, ports: Ports, options: ServeOptions) {
  const profile = CPU_PROFILE_DIR === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', CPU_PROFILE_DIR]
  return execa(process.execPath, [...profile, BIN, 'serve', ...(options.args ?? [])], {
    env: cleanEnv({
      NORNICDB_DATA_DIR: dataDir, NORNICDB_HTTP_PORT: String(ports.http), NORNICDB_BOLT_PORT: String(ports.bolt),
      NORNICDB_LISTEN_HOST: '127.0.0.1', NORNICDB_LOG_FORMAT: 'json', ...options.env,
    }),
    extendEnv: false, reject: false, stdin: 'ignore',
  })
}

/** A `nornic serve` process on 127.0.0.1 with free ports; stop it, or stopAllNodes() in an after hook. */
export class NornicNode {
  readonly output: string[] = []
  readonly process: ReturnType<typeof launch>

  private constructor(
    readonly httpUrl: string,
    readonly dataDir: string,
    readonly ports: Ports,
    readonly options: ServeOptions,
  ) {
    this.process = launch(dataDir, ports, options)
    this.process.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()))
    this.process.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()))
    running.add(this)
    void this.process.finally(() => running.delete(this))
  }

  get pid(): number {
    return this.process.pid as number
  }

  /** Starts the process without waiting for it to be ready. */
  static async spawn(options: ServeOptions = {}): Promise<NornicNode> {
    const ports = { http: await freePort(), bolt: await freePort() }
    return new NornicNode(`http://127.0.0.1:${ports.http}`, options.dataDir ?? tempDir(), ports, options)
  }

  /** Starts the process and waits until /health/ready answers 200. */
  static async start(options: ServeOptions = {}): Promise<NornicNode> {
    const node = await NornicNode.spawn(options)
    await node.waitReady()
    return node
  }

  /** A new process on the same data dir and ports, once this one has ended. */
  async restart(): Promise<NornicNode> {
    const node = new NornicNode(this.httpUrl, this.dataDir, this.ports, this.options)
    await node.waitReady()
    return node
  }

  async waitReady(timeoutMs = 60_000): Promise<void> {
    const outcome = await waitFor(`node on ${this.httpUrl} to be ready`, async () => {
      if (this.process.exitCode !== null) return 'exited'
      return (await call(this.httpUrl, '/health/ready')).status === 200 ? 'ready' : undefined
    }, timeoutMs)
    if (outcome === 'exited') throw new Error(`the node exited with ${this.process.exitCode}: ${this.output.join('')}`)
  }

  /** Sends a signal and waits (bounded) for the process to end; returns its exit code and signal. */
  async kill(signal: NodeJS.Signals, timeoutMs = 30_000): Promise<{ exitCode: number | undefined; signal: string | undefined }> {
    this.process.kill(signal)
    const timer = setTimeout(() => this.process.kill('SIGKILL'), timeoutMs)
    const result = await this.process
    clearTimeout(timer)
    return { exitCode: result.exitCode, signal: result.signal }
  }
}

/** Kills every node a test file started and has not stopped yet. */
export async function stopAllNodes(): Promise<void> {
  await Promise.all([...running].map((node) => node.kill('SIGKILL')))
}
