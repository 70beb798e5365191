/**
 * Asks every node, over and over, who it thinks leads and in which term (raft, from
 * /admin/raft/state) or epoch (hot standby, from /health). Each node has its own loop, so a paused
 * or dead node delays only its own samples. The samples feed the timings (when did the cluster
 * notice, when was a new writer visible) and the "never two writers in one term" check.
 */
import type { DrillHttp } from './drill-http.js'

export interface StatusSample {
  /** The drill's clock (the history's), when the answer arrived. */
  readonly time: number
  readonly node: string
  /** This node takes writes: the raft leader or the hot standby primary. */
  readonly writer: boolean
  /** The writer this node names (itself included), or null when it knows none. */
  readonly writerId: string | null
  /** The raft term or the hot standby epoch. */
  readonly term: number | null
  readonly appliedIndex: number | null
}

export type SampledMode = 'raft' | 'ha_standby'

const num = (value: unknown): number | null => (typeof value === 'number' ? value : null)
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)

/** One sample from one node's answer, or undefined when it did not answer. */
export function toSample(mode: SampledMode, node: string, body: Record<string, unknown> | undefined, time: number): StatusSample | undefined {
  if (body === undefined) return undefined
  if (mode === 'raft') {
    const id = str(body.node_id) ?? node
    const writer = body.role === 'leader'
    return { time, node: id, writer, writerId: writer ? id : str(body.leader), term: num(body.term), appliedIndex: num(body.applied_index) }
  }
  const replication = (body.replication ?? {}) as Record<string, unknown>
  const id = str(replication.node_id) ?? node
  const writer = replication.is_leader === true
  const primary = (replication.primary ?? undefined) as Record<string, unknown> | undefined
  return { time, node: id, writer, writerId: writer ? id : str(primary?.id), term: num(replication.epoch), appliedIndex: num(replication.applied_index) }
}

export interface StatusSamplerOptions {
  readonly mode: SampledMode
  readonly nodes: readonly string[]
  readonly http: DrillHttp
  readonly now: () => number
  readonly intervalMs: number
  readonly timeoutMs: number
}

export class StatusSampler {
  readonly #samples: StatusSample[] = []
  readonly #latest = new Map<string, StatusSample>()
  #stopped = false
  readonly #loops: Promise<void>[]

  constructor(private readonly options: StatusSamplerOptions) {
    this.#loops = options.nodes.map((url) => this.#loop(url))
  }

  async #loop(url: string): Promise<void> {
    const path = this.options.mode === 'raft' ? '/admin/raft/state' : '/health'
    while (!this.#stopped) {
      const started = this.options.now()
      const body = await this.options.http.getJson(url, path, this.options.timeoutMs)
      const sample = toSample(this.options.mode, url, body, this.options.now())
      if (sample !== undefined && !this.#stopped) {
        this.#samples.push(sample)
        this.#latest.set(url, sample)
      } else {
        this.#latest.delete(url)
      }
      const rest = this.options.intervalMs - (this.options.now() - started)
      if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest))
    }
  }

  samples(): StatusSample[] {
    return [...this.#samples]
  }

  /** The URL of the node whose latest answer says it takes writes (the highest term wins a tie). */
  currentWriterUrl(): string | undefined {
    let best: [string, StatusSample] | undefined
    for (const entry of this.#latest) {
      if (entry[1].writer && (best === undefined || (entry[1].term ?? 0) > (best[1].term ?? 0))) best = entry
    }
    return best?.[0]
  }

  /** The latest sample of the node that takes writes now, as `currentWriterUrl` picks it. */
  currentWriter(): StatusSample | undefined {
    const url = this.currentWriterUrl()
    return url === undefined ? undefined : this.#latest.get(url)
  }

  /**
   * The writer's id once every node answers and names the same writer, which says it is one; only
   * answers that arrived at or after `since` count, so a heal is not judged on samples from before it.
   */
  agreedWriter(since = Number.NEGATIVE_INFINITY): string | undefined {
    const latest = this.options.nodes.map((url) => this.#latest.get(url))
    if (latest.some((sample) => sample === undefined || sample.time < since)) return undefined
    const named = new Set(latest.map((sample) => sample?.writerId ?? null))
    const [writerId] = named
    if (named.size !== 1 || writerId === null || writerId === undefined) return undefined
    return latest.some((sample) => sample?.node === writerId && sample.writer) ? writerId : undefined
  }

  /** What each node said last, for an error a person can act on. */
  describeLatest(): string {
    return this.options.nodes.map((url) => {
      const sample = this.#latest.get(url)
      if (sample === undefined) return `${url} does not answer`
      const role = sample.writer ? 'takes writes' : `names ${sample.writerId ?? 'no writer'}`
      return `${sample.node} ${role} at ${this.options.mode === 'raft' ? 'term' : 'epoch'} ${sample.term ?? '?'}`
    }).join('; ')
  }

  async stop(): Promise<void> {
    this.#stopped = true
    await Promise.all(this.#loops)
  }
}

export interface SplitBrain {
  readonly term: number
  readonly writers: readonly string[]
}

/** Terms (or epochs) in which more than one node said it takes writes. */
export function findSplitBrains(samples: readonly StatusSample[]): SplitBrain[] {
  const writersByTerm = new Map<number, Set<string>>()
  for (const sample of samples) {
    if (!sample.writer || sample.term === null) continue
    const writers = writersByTerm.get(sample.term) ?? new Set<string>()
    writers.add(sample.node)
    writersByTerm.set(sample.term, writers)
  }
  return [...writersByTerm].filter(([, writers]) => writers.size > 1).map(([term, writers]) => ({ term, writers: [...writers].sort() })).sort((a, b) => a.term - b.term)
}
