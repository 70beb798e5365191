/**
 * One failover drill: start the status sampler and the clients, inject one fault per round and
 * wait for the cluster to heal, then stop the clients, wait for every node to converge, read each
 * node's set, and judge the history. Who runs the nodes (a local cluster, or a remote one through
 * templates) is the caller's choice, handed in as a `ClusterControl`.
 */
import { NornicError } from '../../errors/index.js'
import { runChecks } from './checks.js'
import type { ClusterControl } from './cluster-control.js'
import { waitForConvergence, type ConvergenceResult } from './convergence.js'
import { DrillHttp, type DrillHttpOptions } from './drill-http.js'
import { injectFault, pollFor, type Fault, type FaultContext } from './faults.js'
import { writeHistoryFile } from './history-file.js'
import { HistoryRecorder } from './history-recorder.js'
import { countOperations, drillVerdict, type DrillReport, type RoundReport } from './report.js'
import { StatusSampler, type SampledMode } from './status-sampler.js'
import { roundTimings, summarizeTimings } from './timings.js'
import { roundRobinTargets, SET_KEY, startWorkload, WORKLOAD_CYPHER, type TargetChooser } from './workload.js'

export interface DrillOptions {
  readonly mode: SampledMode
  readonly kind: 'local' | 'remote'
  readonly control: ClusterControl
  readonly fault: Fault
  readonly rounds: number
  readonly clients: number
  readonly http: DrillHttpOptions
  /** How long the clients run in a healed cluster before each fault and after the last. */
  readonly steadyMs: number
  /** How long a killed node stays down or a paused one frozen (kept longer while no new writer shows). */
  readonly downMs: number
  /** Bound on each wait for the cluster to heal, and on the final convergence. */
  readonly healTimeoutMs: number
  readonly sloFailoverMs?: number
  readonly historyFile?: string
  readonly onRound?: (round: RoundReport, rounds: number) => void
  readonly random?: () => number
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** A hot standby refuses writes on the standby, so there every op goes to the primary; raft spreads them. */
function chooseTargets(mode: SampledMode, control: ClusterControl, sampler: StatusSampler): TargetChooser {
  const spread = roundRobinTargets(() => control.nodes.map((node) => node.url))
  if (mode === 'raft') return spread
  return { node: (process) => sampler.currentWriterUrl() ?? spread.node(process), moveOn: (process) => spread.moveOn(process) }
}

export async function runDrill(options: DrillOptions): Promise<DrillReport> {
  const started = performance.now()
  const now = (): number => Math.round((performance.now() - started) * 1000) / 1000
  const random = options.random ?? Math.random
  const http = new DrillHttp(options.http)
  const { control } = options
  const idOf = new Map(control.nodes.map((node) => [node.url, node.id]))
  const sampler = new StatusSampler({ mode: options.mode, nodes: control.nodes.map((node) => node.url), http, now, intervalMs: 50, timeoutMs: 1000 })
  const recorder = new HistoryRecorder(now)
  const faultContext: FaultContext = { control, sampler, http: options.http, now, downMs: options.downMs, random }
  const waitHealed = async (what: string): Promise<string> => {
    const since = now()
    const writer = await pollFor(() => sampler.agreedWriter(since), options.healTimeoutMs)
    if (writer === undefined) throw new NornicError('Nornic.Cli.NodeUnreachable', `${what}: the nodes did not agree on a leader or primary within ${options.healTimeoutMs / 1000}s (${sampler.describeLatest()})`)
    return writer
  }
  const ackedWriteAfter = (time: number): boolean =>
    recorder.events().some((event) => event.type === 'ok' && event.f !== 'read' && event.time >= time)

  let workload: ReturnType<typeof startWorkload> | undefined
  try {
    await waitHealed('before the drill')
    workload = startWorkload({ clients: options.clients, http, recorder, targets: chooseTargets(options.mode, control, sampler), nodeId: (url) => idOf.get(url) ?? url, pauseMs: 5, random })
    await sleep(options.steadyMs)

    const windows: { fault: Fault; target: string; faultTime: number; writerBefore: string | null; termBefore: number | null; writerAfter: string }[] = []
    for (let round = 1; round <= options.rounds; round++) {
      const before = sampler.currentWriter()
      const injected = await injectFault(options.fault, faultContext)
      const writerAfter = await waitHealed(`round ${round}`)
      await pollFor(() => (ackedWriteAfter(injected.faultTime) ? true : undefined), options.healTimeoutMs)
      await sleep(options.steadyMs)
      windows.push({ ...injected, writerBefore: before?.node ?? null, termBefore: before?.term ?? null, writerAfter })
      const events = recorder.events()
      const timings = roundTimings(events, sampler.samples(), { faultTime: injected.faultTime, endTime: now(), writerBefore: before?.node ?? null, termBefore: before?.term ?? null })
      options.onRound?.({ round, fault: options.fault, target: injected.target, writerBefore: before?.node ?? null, writerAfter, timings }, options.rounds)
    }

    await workload.stop()
    workload = undefined
    const convergence = await waitForConvergence(http, control.nodes, options.healTimeoutMs)
    await recordFinalSetReads(options.clients, control, http, recorder)
    await sampler.stop()

    const events = recorder.events()
    const samples = sampler.samples()
    const endTime = now()
    const rounds: RoundReport[] = windows.map((window, i) => ({
      round: i + 1,
      fault: window.fault,
      target: window.target,
      writerBefore: window.writerBefore,
      writerAfter: window.writerAfter,
      timings: roundTimings(events, samples, { faultTime: window.faultTime, endTime: windows[i + 1]?.faultTime ?? endTime, writerBefore: window.writerBefore, termBefore: window.termBefore }),
    }))
    return await buildReport(options, events, samples, convergence, rounds, endTime)
  } finally {
    await workload?.stop()
    await sampler.stop()
  }
}

/** Each node's whole set, read locally once the nodes agree, recorded as reads by one extra process per node. */
async function recordFinalSetReads(clients: number, control: ClusterControl, http: DrillHttp, recorder: HistoryRecorder): Promise<void> {
  for (const [i, node] of control.nodes.entries()) {
    const pending = recorder.invoke(clients + i, 'read', SET_KEY, null, node.id)
    const answer = await http.cypher(node.url, WORKLOAD_CYPHER.readSet, {}, 'ONE')
    if (answer.ok) pending.ok(answer.rows.map((row) => row[0]).sort((a, b) => Number(a) - Number(b)))
    else pending.fail()
  }
}

async function buildReport(options: DrillOptions, events: ReturnType<HistoryRecorder['events']>, samples: ReturnType<StatusSampler['samples']>, convergence: ConvergenceResult, rounds: RoundReport[], endTime: number): Promise<DrillReport> {
  const checks = runChecks({ events, samples, convergence, linearizabilityTimeLimitMs: 60_000 })
  const timings = summarizeTimings(rounds.map((round) => round.timings))
  const median = timings.unavailableMs.median
  const slo = options.sloFailoverMs === undefined ? null : { failoverMs: options.sloFailoverMs, medianMs: median, met: median !== null && median <= options.sloFailoverMs }
  if (options.historyFile !== undefined) await writeHistoryFile(options.historyFile, events)
  return {
    verdict: drillVerdict(checks, slo),
    target: { kind: options.kind, mode: options.mode, nodes: options.control.nodes.map((node) => node.id) },
    fault: options.fault,
    clients: options.clients,
    rounds,
    timings,
    operations: countOperations(events),
    checks,
    slo,
    historyFile: options.historyFile ?? null,
    durationMs: Math.round(endTime),
  }
}
