import { writeFileSync } from 'node:fs'
import { Args, Flags } from '@oclif/core'
import { HA_SYNC_MODES } from '../config/settings.js'
import { NornicCommand } from '../ops/cli/base-command.js'
import { COMPOSE_MODES, type ComposeMode } from '../ops/compose/compose-plan.js'
import { renderCompose } from '../ops/compose/render-compose.js'

export interface ComposeResult {
  readonly mode: ComposeMode
  readonly services: readonly string[]
  readonly file: string | null
  readonly yaml: string
  readonly warnings: readonly string[]
}

export default class Compose extends NornicCommand<ComposeResult> {
  static override summary = 'Render a docker compose file for a cluster'
  static override description = `Writes the clustering guide's compose file for a mode, from templates/compose: one service per node with
its environment, host ports that do not collide (HTTP from 7474, Bolt from 7687), a volume each, health
checks and one network; the cluster port is 7000 inside the network. The file is checked against the
compose-spec schema before it is written.`

  static override examples = [
    { description: 'A 3-node raft cluster, printed', command: '<%= config.bin %> compose raft' },
    { description: 'A 5-node raft cluster written to a file', command: '<%= config.bin %> compose raft --nodes 5 --out docker-compose.raft.yml' },
    { description: 'A hot standby pair that acknowledges writes once the standby persisted them', command: '<%= config.bin %> compose ha --sync-mode sync --out docker-compose.ha.yml' },
    { description: 'Two regions of three nodes each', command: '<%= config.bin %> compose multi-region --regions us-east,eu-west' },
  ]

  static override args = {
    mode: Args.string({ description: 'Cluster mode', options: [...COMPOSE_MODES], required: true }),
  }

  static override flags = {
    nodes: Flags.integer({ description: 'Nodes (raft: 3-7; ha: 2; multi-region: per region, at least 3)' }),
    regions: Flags.string({ description: 'Regions, comma-separated (multi-region)', default: 'us-east,eu-west' }),
    image: Flags.string({ description: 'Container image of nornic', default: 'nornic:latest' }),
    'sync-mode': Flags.string({ description: 'Hot standby sync mode', options: [...HA_SYNC_MODES], default: 'semi_sync' }),
    out: Flags.string({ description: 'Write the file here instead of printing it', helpValue: 'FILE' }),
  }

  async run(): Promise<ComposeResult> {
    const { args, flags } = await this.parse(Compose)
    const mode = args.mode as ComposeMode
    const rendered = renderCompose({
      mode,
      nodes: flags.nodes ?? (mode === 'ha' ? 2 : 3),
      regions: flags.regions.split(',').map((region) => region.trim()),
      image: flags.image,
      syncMode: flags['sync-mode'],
    })
    for (const warning of rendered.warnings) this.warn(warning)
    if (flags.out === undefined) {
      if (!this.jsonEnabled()) process.stdout.write(rendered.yaml)
    } else {
      writeFileSync(flags.out, rendered.yaml)
      this.log(`wrote ${flags.out}: ${rendered.services.length} services (${rendered.services.join(', ')})`)
    }
    return { mode, services: rendered.services, file: flags.out ?? null, yaml: rendered.yaml, warnings: rendered.warnings }
  }
}
