// Three etcd members on 127.0.0.1 and the benchmark's client through etcd's HTTP gateway
// (/v3/kv/put), for a side-by-side run with nornic's raft mode.
import { performance } from 'node:perf_hooks'
import { execa, type ResultPromise } from 'execa'
import { request } from 'undici'
import { freePort } from '../../test/e2e/support/free-port.js'
import { tempDir } from '../../test/e2e/support/nornic-process.js'
import type { Write } from './write-runs.js'

/**
 * Writes before any figure is taken, the same for both systems: each prepares its write-ahead log
 * files and warms up just after start, and the figures are for a cluster past that. A fresh nornic
 * node is still compiling its hot paths over its first few thousand writes (one at a time, alone
 * on this machine: a median of 1.24-1.28 ms over the first 2,000, 0.77-0.79 over the next 2,000,
 * 0.69-0.71 after that), so the first COLD_WRITES are timed and printed on their own.
 */
export const WARMUP_WRITES = 5000
export const COLD_WRITES = 2000

/**
 * During a failover the client gives each write this long, then tries again, on both systems:
 * a write caught in flight by the leader's death would otherwise wait out the server's own
 * request timeout (etcd's is 5 s plus two election timeouts), which measures that timeout, not the
 * failover.
 */
export const FAILOVER_ATTEMPT_TIMEOUT_MS = 500

interface EtcdMember {
  readonly name: string
  readonly clientUrl: string
  readonly args: string[]
  process: ResultPromise
}

async function hasEtcd(): Promise<boolean> {
  const probe = await execa('etcd', ['--version'], { reject: false }).catch(() => undefined)
  return probe !== undefined && probe.exitCode === 0
}

async function put(member: EtcdMember, k: number, timeoutMs = 10_000): Promise<boolean> {
  const body = JSON.stringify({ key: Buffer.from(`k-${k}`).toString('base64'), value: Buffer.from(`value-${k}`).toString('base64') })
  try {
    const answer = await request(`${member.clientUrl}/v3/kv/put`, { method: 'POST', body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
    await answer.body.text()
    return answer.statusCode === 200
  } catch {
    return false
  }
}

/** The member etcd reports as leader, asked of `members`. */
async function leaderOf(members: readonly EtcdMember[]): Promise<EtcdMember | undefined> {
  for (const member of members) {
    try {
      const answer = await request(`${member.clientUrl}/v3/maintenance/status`, { method: 'POST', body: '{}', headersTimeout: 2000 })
      const status = (await answer.body.json()) as { leader?: string; header?: { member_id?: string } }
      if (status.leader !== undefined && status.leader === status.header?.member_id) return member
    } catch {}
  }
  return undefined
}

async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('etcd did not get there in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Three etcd members on 127.0.0.1, started for a benchmark and killed by `stop`. */
export class EtcdCluster {
  #sequence = 0

  private constructor(readonly members: readonly EtcdMember[]) {}

  /** Starts the members and waits for a leader; undefined when etcd is not installed. */
  static async start(): Promise<EtcdCluster | undefined> {
    if (!(await hasEtcd())) return undefined
    const names = ['etcd-1', 'etcd-2', 'etcd-3']
    const ports = await Promise.all(names.map(async () => ({ client: await freePort(), peer: await freePort() })))
    const initialCluster = names.map((name, i) => `${name}=http://127.0.0.1:${ports[i]!.peer}`).join(',')
    const members: EtcdMember[] = names.map((name, i) => {
      const dir = tempDir(`nornic-bench-${name}-`)
      const args = [
        '--name', name, '--data-dir', dir,
        '--listen-client-urls', `http://127.0.0.1:${ports[i]!.client}`, '--advertise-client-urls', `http://127.0.0.1:${ports[i]!.client}`,
        '--listen-peer-urls', `http://127.0.0.1:${ports[i]!.peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${ports[i]!.peer}`,
        '--initial-cluster', initialCluster, '--initial-cluster-state', 'new', '--initial-cluster-token', 'nornic-bench',
      ]
      return { name, clientUrl: `http://127.0.0.1:${ports[i]!.client}`, args, process: execa('etcd', args, { reject: false, stdio: 'ignore' }) }
    })
    const cluster = new EtcdCluster(members)
    try {
      await until(() => leaderOf(members))
    } catch (error) {
      await cluster.stop()
      throw error
    }
    return cluster
  }

  /** Puts through the member that leads now. */
  async writer(): Promise<Write> {
    const leader = await until(() => leaderOf(this.members))
    return () => put(leader, this.#sequence++)
  }

  /** kill -9 of the leader -> first acknowledged put through a survivor, per round (ms); each killed member rejoins. */
  async failovers(rounds: number): Promise<number[]> {
    const samples: number[] = []
    for (let round = 0; round < rounds; round++) {
      const current = await until(() => leaderOf(this.members))
      const survivor = this.members.find((member) => member !== current)!
      const killed = performance.now()
      current.process.kill('SIGKILL')
      while (!(await put(survivor, this.#sequence++, FAILOVER_ATTEMPT_TIMEOUT_MS))) await new Promise((resolve) => setTimeout(resolve, 5))
      samples.push(performance.now() - killed)
      await current.process
      current.process = execa('etcd', current.args.map((arg) => (arg === 'new' ? 'existing' : arg)), { reject: false, stdio: 'ignore' })
      await until(async () => ((await put(current, this.#sequence++)) ? true : undefined))
    }
    return samples
  }

  async stop(): Promise<void> {
    for (const member of this.members) member.process.kill('SIGKILL')
    await Promise.all(this.members.map((member) => member.process))
  }
}
