import { resolve } from 'node:path'
import { Flags } from '@oclif/core'
import { NornicCommand } from '../../ops/cli/base-command.js'
import { isNornicServe, stopPids } from '../../ops/local-cluster/local-cluster.js'
import { readClusterState, removeClusterState } from '../../ops/local-cluster/state-file.js'

export interface ClusterDownResult {
  readonly stopped: readonly string[]
  readonly alreadyGone: readonly string[]
}

export default class ClusterDown extends NornicCommand<ClusterDownResult> {
  static override summary = 'Stop a local cluster started with `nornic cluster up --detach`'
  static override description = 'Sends SIGTERM to every node recorded in <data-dir>/nornic-cluster.json, waits for them to stop (SIGKILL after --timeout), and removes the record. The data stays. A cluster that is already gone counts as stopped.'
  static override examples = [
    { description: 'Stop the cluster in ./nornic-cluster', command: '<%= config.bin %> cluster down' },
    { description: 'Stop one elsewhere', command: '<%= config.bin %> cluster down --data-dir /tmp/nornic-ha' },
  ]

  static override flags = {
    'data-dir': Flags.string({ description: 'The data dir given to `nornic cluster up`', default: './nornic-cluster' }),
    timeout: Flags.integer({ description: 'Seconds to wait for a graceful stop before SIGKILL', default: 30 }),
  }

  async run(): Promise<ClusterDownResult> {
    const { flags } = await this.parse(ClusterDown)
    const dataDir = resolve(flags['data-dir'])
    const state = readClusterState(dataDir)
    if (state === undefined) {
      this.log(`no local cluster is recorded in ${dataDir}; nothing to stop`)
      return { stopped: [], alreadyGone: [] }
    }
    const running = state.nodes.filter((node) => isNornicServe(node.pid))
    await stopPids(running.map((node) => node.pid), flags.timeout * 1000)
    removeClusterState(dataDir)
    const result = { stopped: running.map((node) => node.nodeId), alreadyGone: state.nodes.filter((node) => !running.includes(node)).map((node) => node.nodeId) }
    this.log(`stopped ${result.stopped.length ? result.stopped.join(', ') : 'nothing'}${result.alreadyGone.length ? `; already gone: ${result.alreadyGone.join(', ')}` : ''}`)
    return result
  }
}
