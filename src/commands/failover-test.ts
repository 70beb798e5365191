import { resolve } from 'node:path'
import { Flags } from '@oclif/core'
import { cliEnvironment } from '../config/index.js'
import { duration } from '../config/parsers.js'
import { NornicError } from '../errors/index.js'
import { ERROR_CODES } from '../errors/codes.js'
import { adminContext, adminFlags } from '../ops/cli/admin-flags.js'
import { JSON_ENVELOPE_VERSION, NornicCommand } from '../ops/cli/base-command.js'
import { renderDrillReport, renderRoundLine } from '../ops/cli/render-drill.js'
import { runDrill } from '../ops/drill/drill.js'
import { FAULTS, type Fault } from '../ops/drill/faults.js'
import { verdictExitCode, type DrillReport } from '../ops/drill/report.js'
import { prepareTarget } from '../ops/drill/target.js'
import { LOCAL_MODES, type LocalMode } from '../ops/local-cluster/local-cluster-plan.js'

const durationParser = duration(0, 3_600_000)

function parseDuration(flag: string, text: string): number {
  const value = durationParser.parse(text)
  if (value === undefined) throw new NornicError('Nornic.Cli.Usage', `--${flag} ${text}: expected ${durationParser.allowed}`)
  return value
}

export default class FailoverTest extends NornicCommand<DrillReport> {
  static override summary = 'Run a failover drill and prove nothing acknowledged was lost'
  static override description = `Runs --clients concurrent clients against the cluster's HTTP API (an insert-only set of unique values,
and read / write / compare-and-set on a few registers), injects one --fault per round, waits for the
cluster to heal, and then checks: every acknowledged insert is on every node; nothing appears that was
never written; the register history is linearizable; never two leaders or primaries in one term or
epoch; every node reaches the same applied index and graph checksum. Each round prints its timings
(detection, new leader visible, first acknowledged write after the fault, unavailability window,
writes in doubt); the report gives min, median and max over the rounds.

With --local it starts its own cluster on free ports of 127.0.0.1 (short timeouts) and removes it
afterwards. Against a running cluster (--node), kills and restarts go through --kill-cmd and
--restart-cmd, with {node_id} and {address} filled in; pause-leader needs --pause-cmd and --resume-cmd.

Exit codes: 0 every check passed; 1 the drill could not run; 2 bad usage; ${ERROR_CODES['Nornic.Drill.SafetyCheckFailed'].exitCode} a safety check failed
(lost, unexpected, not linearizable, two leaders, not converged); ${ERROR_CODES['Nornic.Drill.SloMissed'].exitCode} the median unavailability window
exceeded --slo-failover.`

  static override examples = [
    { description: 'Kill the leader of a local 3-node raft cluster five times', command: '<%= config.bin %> failover-test --local --mode raft --nodes 3 --fault kill-leader --rounds 5' },
    { description: 'A hot standby pair, with the history kept for other checkers', command: '<%= config.bin %> failover-test --local --mode ha_standby --fault kill-leader --history drill.jsonl' },
    { description: 'A compose cluster, failing when failover takes over 2s', command: '<%= config.bin %> failover-test --node http://localhost:7474,http://localhost:7475,http://localhost:7476 --kill-cmd "docker kill nornicdb-{node_id}" --restart-cmd "docker start nornicdb-{node_id}" --slo-failover 2s' },
  ]

  static override flags = {
    ...adminFlags,
    local: Flags.boolean({ description: 'Start a local cluster for the drill and remove it afterwards', helpGroup: 'TARGET' }),
    mode: Flags.string({ description: 'Replication mode (local clusters; a remote cluster says its own)', options: [...LOCAL_MODES], default: 'raft', helpGroup: 'TARGET' }),
    nodes: Flags.integer({ description: 'How many local nodes (raft 1-7, default 3; ha_standby 2)', helpGroup: 'TARGET' }),
    'data-dir': Flags.string({ description: 'Keep the local cluster\'s data here (a removed temporary folder otherwise)', helpGroup: 'TARGET' }),
    'kill-cmd': Flags.string({ description: 'Remote: command that kills a node ({node_id}, {address})', helpGroup: 'TARGET' }),
    'restart-cmd': Flags.string({ description: 'Remote: command that starts a killed node again', helpGroup: 'TARGET' }),
    'pause-cmd': Flags.string({ description: 'Remote: command that freezes a node (e.g. docker pause)', helpGroup: 'TARGET' }),
    'resume-cmd': Flags.string({ description: 'Remote: command that thaws a frozen node', helpGroup: 'TARGET' }),
    fault: Flags.string({ description: 'The fault injected each round', options: [...FAULTS], default: 'kill-leader', helpGroup: 'DRILL' }),
    rounds: Flags.integer({ description: 'How many rounds', default: 3, min: 1, max: 1000, helpGroup: 'DRILL' }),
    clients: Flags.integer({ description: 'Concurrent clients', default: 8, min: 1, max: 256, helpGroup: 'DRILL' }),
    steady: Flags.string({ description: 'How long clients run in a healed cluster before each fault and after the last', default: '2s', helpGroup: 'DRILL' }),
    down: Flags.string({ description: 'How long a killed node stays down or a paused one frozen (longer while no new leader shows)', default: '1s', helpGroup: 'DRILL' }),
    'heal-timeout': Flags.string({ description: 'Bound on each wait for the cluster to heal and converge', default: '60s', helpGroup: 'DRILL' }),
    'slo-failover': Flags.string({ description: `Fail (exit ${ERROR_CODES['Nornic.Drill.SloMissed'].exitCode}) when the median unavailability window exceeds this`, helpGroup: 'DRILL' }),
    history: Flags.string({ description: 'Write the operation history here as JSON lines (process, type, f, key, value, time, node)', helpValue: 'FILE', helpGroup: 'DRILL' }),
  }

  /** The report alone, as the drill's users ask, with the version field every --json answer carries. */
  protected override toSuccessJson(report: unknown): unknown {
    return { version: JSON_ENVELOPE_VERSION, ...(report as DrillReport) }
  }

  async run(): Promise<DrillReport> {
    const { flags } = await this.parse(FailoverTest)
    const context = adminContext(flags)
    const mode = flags.mode as LocalMode
    const env = cliEnvironment()
    const credentials = { timeoutMs: context.timeoutMs, user: flags.user ?? env.user ?? 'admin', password: flags.password ?? env.password ?? 'admin' }
    const sloFailoverMs = flags['slo-failover'] === undefined ? undefined : parseDuration('slo-failover', flags['slo-failover'])
    const target = await prepareTarget({
      local: flags.local,
      mode,
      nodes: flags.nodes,
      dataDir: flags['data-dir'] === undefined ? undefined : resolve(flags['data-dir']),
      remoteNodes: flags.node === undefined ? undefined : context.nodes,
      templates: { killCmd: flags['kill-cmd'], restartCmd: flags['restart-cmd'], pauseCmd: flags['pause-cmd'], resumeCmd: flags['resume-cmd'] },
      fault: flags.fault as Fault,
      http: credentials,
    })
    // Interrupted, the drill still stops the nodes it started rather than leave them running.
    const interrupt = (): void => { void target.close().finally(() => process.exit(130)) }
    process.once('SIGINT', interrupt)
    process.once('SIGTERM', interrupt)
    let report: DrillReport
    try {
      report = await runDrill({
        mode: target.mode,
        kind: target.kind,
        control: target.control,
        fault: flags.fault as Fault,
        rounds: flags.rounds,
        clients: flags.clients,
        http: credentials,
        steadyMs: parseDuration('steady', flags.steady),
        downMs: parseDuration('down', flags.down),
        healTimeoutMs: parseDuration('heal-timeout', flags['heal-timeout']),
        ...(sloFailoverMs === undefined ? {} : { sloFailoverMs }),
        ...(flags.history === undefined ? {} : { historyFile: resolve(flags.history) }),
        onRound: (round, rounds) => this.log(renderRoundLine(round, rounds)),
      })
    } finally {
      process.off('SIGINT', interrupt)
      process.off('SIGTERM', interrupt)
      await target.close()
    }
    this.log(renderDrillReport(report))
    const exitCode = verdictExitCode(report.verdict)
    if (exitCode !== 0) process.exitCode = exitCode
    return report
  }
}
