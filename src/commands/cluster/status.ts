import { Flags } from '@oclif/core'
import { duration } from '../../config/parsers.js'
import { NornicError } from '../../errors/index.js'
import type { ClusterView } from '../../ops/admin/cluster-view.js'
import { fetchClusterView } from '../../ops/admin/fetch-cluster-view.js'
import { adminContext, adminFlags } from '../../ops/cli/admin-flags.js'
import { JSON_ENVELOPE_VERSION, NornicCommand } from '../../ops/cli/base-command.js'
import { renderClusterView } from '../../ops/cli/render-cluster.js'

const intervalParser = duration(100, 3_600_000)
const CLEAR_SCREEN = '\u001B[2J\u001B[H'

export default class ClusterStatus extends NornicCommand<ClusterView | undefined> {
  static override summary = 'Show the cluster: who leads, who follows, how far behind'
  static override description = `Asks the first reachable node for /admin/cluster/status and prints a header (cluster id, mode, leader
or primary, term or epoch) and a table of members. Exits 1 when there is no leader or primary or a member
is unhealthy, so scripts can use it as a check. With --watch it redraws every --interval until
interrupted; with --watch --json it prints one JSON line each time the status changes.`

  static override examples = [
    { description: 'The status of the cluster a local node belongs to', command: '<%= config.bin %> cluster status' },
    { description: 'Ask any of three nodes, as JSON', command: '<%= config.bin %> cluster status --node http://node1:7474,http://node2:7474,http://node3:7474 --json' },
    { description: 'Watch a failover happen', command: '<%= config.bin %> cluster status --watch --interval 500ms' },
    { description: 'Use it as a health check in a script', command: '<%= config.bin %> cluster status --json > /dev/null || echo "cluster unhealthy"' },
  ]

  static override flags = {
    ...adminFlags,
    watch: Flags.boolean({ description: 'Redraw until interrupted (NDJSON with --json)' }),
    interval: Flags.string({ description: 'How often --watch asks', default: '2s' }),
  }

  async run(): Promise<ClusterView | undefined> {
    const { flags } = await this.parse(ClusterStatus)
    const context = adminContext(flags)
    if (!flags.watch) {
      const view = await fetchClusterView(context)
      this.log(renderClusterView(view))
      if (!view.healthy) process.exitCode = 1
      return view
    }
    const intervalMs = intervalParser.parse(flags.interval)
    if (intervalMs === undefined) throw new NornicError('Nornic.Cli.Usage', `--interval ${flags.interval}: expected ${intervalParser.allowed}`)
    await this.watch(context, intervalMs)
    return undefined
  }

  /** Polls until SIGINT or SIGTERM; an unreachable cluster is shown, not fatal. */
  private async watch(context: ReturnType<typeof adminContext>, intervalMs: number): Promise<void> {
    let stopped = false
    const stop = (): void => { stopped = true }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    let previous = ''
    while (!stopped) {
      const line = await fetchClusterView(context).then(
        (view) => ({ version: JSON_ENVELOPE_VERSION, status: 'ok', result: view }),
        (error: Error) => ({ version: JSON_ENVELOPE_VERSION, status: 'error', error: { code: (error as NornicError).code ?? 'unknown', message: error.message } }),
      )
      const { answeredBy: _answeredBy, ...comparable } = ('result' in line ? line.result : line) as ClusterView
      const fingerprint = JSON.stringify(comparable)
      if (this.jsonEnabled()) {
        if (fingerprint !== previous) process.stdout.write(`${JSON.stringify(line)}\n`)
      } else {
        process.stdout.write(CLEAR_SCREEN + ('result' in line ? renderClusterView(line.result) : `error: ${line.error.message}`) + `\n(every ${intervalMs} ms; Ctrl-C stops)\n`)
      }
      previous = fingerprint
      await new Promise((resolve) => setTimeout(resolve, intervalMs))
    }
  }
}
