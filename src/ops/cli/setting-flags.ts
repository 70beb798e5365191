import { Flags, type Interfaces } from '@oclif/core'
import { SETTING_NAMES, specOf, type SettingName } from '../../config/index.js'
import { resolveSettings, type ResolvedSettings } from '../../config/index.js'

type FlagDefinitions = Interfaces.FlagInput

/** One flag per setting, named as the settings table says; booleans also take a --no- form. */
export function settingFlags(): FlagDefinitions {
  const flags: FlagDefinitions = {
    config: Flags.string({ description: 'TOML settings file (flags and environment variables override it)', helpValue: 'nornic.toml' }),
  }
  for (const name of SETTING_NAMES) {
    const spec = specOf(name)
    const description = `${spec.description} [env: ${spec.env}; default: ${spec.defaultText}]`
    const helpGroup = spec.group === 'node' ? 'NODE' : spec.group.toUpperCase().replace('_', ' ')
    flags[spec.flag] = spec.parser.allowed === 'true or false'
      ? Flags.boolean({ description, helpGroup, allowNo: true })
      : Flags.string({ description, helpGroup })
  }
  return flags
}

/** Resolves the settings from parsed flags, the process environment and the --config file. */
export function settingsFromFlags(parsed: Record<string, unknown>): ResolvedSettings {
  const flags: Partial<Record<SettingName, unknown>> = {}
  for (const name of SETTING_NAMES) {
    const value = parsed[specOf(name).flag]
    if (value !== undefined) flags[name] = value
  }
  const configFile = typeof parsed.config === 'string' ? parsed.config : undefined
  return resolveSettings({ flags, ...(configFile === undefined ? {} : { configFile }) })
}
