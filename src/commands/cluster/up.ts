import { resolve } from 'node:path'
import { Flags } from '@oclif/core'
import chalk from 'chalk'
import { fetchClusterView } from '../../ops/admin/fetch-cluster-view.js'
import { AdminClient } from '../../ops/admin/admin-client.js'
import { NornicCommand } from '../../ops/cli/base-command.js'
import { renderClusterView } from '../../ops/cli/render-cluster.js'
import { LocalCluster } from '../../ops/local-cluster/local-cluster.js'
import { LOCAL_MODES, planLocalCluster, type LocalMode } from '../../ops/local-cluster/local-cluster-plan.js'
import { readClusterState, writeClusterState } from '../../ops/local-cluster/state-file.js'
import { NornicError } from '../../errors/index.js'

export interface ClusterUpResult {
  readonly mode: LocalMode
  readonly detached: boolean
  readonly nodes: readonly { readonly nodeId: string; readonly pid: number; readonly httpUrl: string; readonly boltPort: number; readonly clusterAddress: string; readonly dataDir: string }[]
}

const PREFIX_COLOURS = [chalk.cyan, chalk.magenta, chalk.yellow, chalk.green, chalk.blue, chalk.red, chalk.white]
const READY_TIMEOUT_MS = 60_000

export default class ClusterUp extends NornicCommand<ClusterUpResult> {
  static override summary = 'Start a local cluster of nornic nodes to try things on'
  static override description = `Starts real \`nornic serve\` processes on 127.0.0.1 (HTTP ports from --base-port, Bolt from base+10, cluster
ports from base+20), waits until they are ready, and prints their addresses and the cluster status. It then
streams their logs with a prefix per node and stops them all on Ctrl-C. With --detach it returns at once,
leaves the nodes running and records them in <data-dir>/nornic-cluster.json; \`nornic cluster down\` stops them.`

  static override examples = [
    { description: 'A 3-node raft cluster in the foreground', command: '<%= config.bin %> cluster up --mode raft' },
    { description: 'A hot standby pair left running', command: '<%= config.bin %> cluster up --mode ha_standby --detach --data-dir /tmp/nornic-ha' },
    { description: 'Then try a failover and stop it', command: '<%= config.bin %> cluster status --node http://127.0.0.1:7474,http://127.0.0.1:7475 && <%= config.bin %> cluster down --data-dir /tmp/nornic-ha' },
  ]

  static override flags = {
    mode: Flags.string({ description: 'Replication mode', options: [...LOCAL_MODES], default: 'raft' }),
    nodes: Flags.integer({ description: 'How many nodes (raft: 1-7, default 3; ha_standby: 2)' }),
    'base-port': Flags.integer({ description: 'First HTTP port', default: 7474 }),
    'data-dir': Flags.string({ description: 'Where the nodes keep their data, one folder each', default: './nornic-cluster' }),
    detach: Flags.boolean({ description: 'Leave the nodes running and return' }),
  }

  async run(): Promise<ClusterUpResult> {
    const { flags } = await this.parse(ClusterUp)
    const mode = flags.mode as LocalMode
    const dataDir = resolve(flags['data-dir'])
    const recorded = readClusterState(dataDir)
    if (recorded !== undefined) {
      throw new NornicError('Nornic.Cli.Usage', `a local cluster is already recorded in ${dataDir}; stop it with \`nornic cluster down --data-dir ${flags['data-dir']}\``)
    }
    const specs = planLocalCluster({ mode, nodes: flags.nodes ?? (mode === 'ha_standby' ? 2 : 3), basePort: flags['base-port'], dataDir })
    const width = Math.max(...specs.map((spec) => spec.nodeId.length))
    const colours = new Map(specs.map((spec, i) => [spec.nodeId, PREFIX_COLOURS[i % PREFIX_COLOURS.length] ?? chalk.white]))
    const streamLogs = !flags.detach && !this.jsonEnabled()
    const cluster = LocalCluster.start(specs, {
      detached: flags.detach,
      onLog: streamLogs ? (nodeId, line) => process.stdout.write(`${colours.get(nodeId)?.(nodeId.padEnd(width)) ?? nodeId} | ${line}\n`) : undefined,
    })
    const result: ClusterUpResult = {
      mode,
      detached: flags.detach,
      nodes: specs.map((spec) => ({ nodeId: spec.nodeId, pid: cluster.pidOf(spec.nodeId), httpUrl: spec.httpUrl, boltPort: spec.boltPort, clusterAddress: spec.clusterAddress, dataDir: spec.dataDir })),
    }
    if (flags.detach) writeClusterState(dataDir, { mode, startedAt: new Date().toISOString(), nodes: result.nodes })
    try {
      await cluster.waitReady(READY_TIMEOUT_MS)
    } catch (error) {
      await cluster.stop()
      throw error
    }
    const nodes = specs.map((spec) => spec.httpUrl)
    const view = await fetchClusterView({ client: new AdminClient({ timeoutMs: 5000, user: 'admin', password: 'admin' }), nodes, timeoutMs: 5000 })
    this.log(renderClusterView(view))
    this.log(`nodes: ${nodes.join(',')}  (e.g. nornic cluster status --node ${nodes.join(',')})`)
    if (flags.detach) {
      this.log(`running in the background; stop them with: nornic cluster down --data-dir ${flags['data-dir']}`)
      return result
    }
    this.log('Ctrl-C stops every node')
    await new Promise<void>((resolveStop) => {
      const stop = (): void => { resolveStop() }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    await cluster.stop()
    return result
  }
}
