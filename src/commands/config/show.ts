import { NornicCommand } from '../../ops/cli/base-command.js'
import { renderSettingsTable } from '../../ops/cli/render-settings.js'
import { settingFlags, settingsFromFlags } from '../../ops/cli/setting-flags.js'
import { settingsReport, type SettingReportRow } from '../../ops/settings-report.js'

export interface ConfigShowResult {
  readonly settings: SettingReportRow[]
  readonly warnings: readonly string[]
}

export default class ConfigShow extends NornicCommand<ConfigShowResult> {
  static override summary = 'Print the effective settings and where each came from'
  static override description = 'Takes the same flags, environment and --config file as `nornic serve`, and shows what a node started the same way would use.'
  static override examples = [
    { description: 'Show the settings a plain `nornic serve` would use', command: '<%= config.bin %> config show' },
    { description: 'Show them for a settings file, as JSON', command: '<%= config.bin %> config show --config nornic.toml --json' },
  ]

  static override usage = '<%= command.id %> [FLAGS]'
  static override flags = settingFlags()

  async run(): Promise<ConfigShowResult> {
    const { flags } = await this.parse(ConfigShow)
    const resolved = settingsFromFlags(flags)
    const settings = settingsReport(resolved)
    this.log(renderSettingsTable(settings))
    for (const warning of resolved.warnings) this.warn(warning)
    return { settings, warnings: resolved.warnings }
  }
}
