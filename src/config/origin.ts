import { specOf, type SettingName } from './settings.js'

export type SettingSource = 'flag' | 'env' | 'file' | 'default'

export interface SettingOrigin {
  readonly source: SettingSource
  /** The file, for source 'file'. */
  readonly file?: string
}

/** How a person would name the setting where it was set: the flag, the TOML key, or the variable. */
export function settingLabel(name: SettingName, origin: SettingOrigin): string {
  const spec = specOf(name)
  if (origin.source === 'flag') return `--${spec.flag}`
  if (origin.source === 'file') return `${spec.toml} (in ${origin.file})`
  return spec.env
}

/** The setting as it was written where it was set, e.g. `NORNICDB_HTTP_PORT=abc (from the environment)`. */
export function describeAssignment(name: SettingName, origin: SettingOrigin, shownValue: string): string {
  const spec = specOf(name)
  if (origin.source === 'file') return `${spec.toml} = ${JSON.stringify(shownValue)} (from ${origin.file})`
  if (origin.source === 'flag') return `--${spec.flag}=${shownValue} (from the command line)`
  return `${spec.env}=${shownValue} (from the environment)`
}

export function describeSource(origin: SettingOrigin): string {
  switch (origin.source) {
    case 'flag': return 'flag'
    case 'env': return 'environment'
    case 'file': return `file ${origin.file}`
    case 'default': return 'default'
  }
}
