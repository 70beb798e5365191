import { NornicCommand } from '../../ops/cli/base-command.js'
import { settingFlags, settingsFromFlags } from '../../ops/cli/setting-flags.js'

export interface ConfigCheckResult {
  readonly valid: true
  readonly mode: string
  readonly warnings: readonly string[]
}

export default class ConfigCheck extends NornicCommand<ConfigCheckResult> {
  static override summary = 'Validate the settings without starting a node'
  static override description = 'Exits 0 when `nornic serve` with the same flags, environment and --config file would accept its settings, and 2 with the setting named when it would not.'
  static override examples = [
    { description: 'Check a settings file before a rollout', command: '<%= config.bin %> config check --config nornic.toml' },
    { description: 'Check a raft node\'s environment', command: 'NORNICDB_CLUSTER_MODE=raft NORNICDB_CLUSTER_RAFT_PEERS=node-2:node2:7000 <%= config.bin %> config check' },
  ]

  static override usage = '<%= command.id %> [FLAGS]'
  static override flags = settingFlags()

  async run(): Promise<ConfigCheckResult> {
    const { flags } = await this.parse(ConfigCheck)
    const resolved = settingsFromFlags(flags)
    for (const warning of resolved.warnings) this.warn(warning)
    this.log(`settings are valid (mode ${resolved.settings.clusterMode})`)
    return { valid: true, mode: resolved.settings.clusterMode, warnings: resolved.warnings }
  }
}
