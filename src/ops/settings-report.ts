import { describeSource, SETTING_NAMES, specOf, type ResolvedSettings } from '../config/index.js'

export interface SettingReportRow {
  readonly name: string
  readonly env: string
  readonly flag: string
  readonly toml: string
  /** As the setting is written (durations as 1s, sizes as 64MiB); secrets masked; null when unset. */
  readonly value: string | null
  readonly source: string
}

/** The effective settings and where each came from, for `nornic config show`. */
export function settingsReport(resolved: ResolvedSettings): SettingReportRow[] {
  return SETTING_NAMES.map((name) => {
    const spec = specOf(name)
    const value = resolved.settings[name]
    return {
      name,
      env: spec.env,
      flag: `--${spec.flag}`,
      toml: spec.toml,
      value: value === undefined ? null : spec.show(value),
      source: describeSource(resolved.origins[name]),
    }
  })
}
