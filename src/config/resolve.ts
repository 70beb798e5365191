import { checkSettingRules } from './checks.js'
import { configError } from './config-error.js'
import { describeAssignment, type SettingOrigin } from './origin.js'
import { SETTING_NAMES, specOf, type SettingName, type Settings } from './settings.js'
import { closestName } from './suggest.js'
import { readTomlSettings } from './toml-source.js'

export interface SettingInputs {
  /** Flag values by setting name; only the flags that were given. */
  readonly flags: Partial<Record<SettingName, unknown>>
  /** The environment; the process's own when not given (only this module reads process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** The `--config` TOML file, if one was given. */
  readonly configFile?: string
}

export interface ResolvedSettings {
  readonly settings: Settings
  readonly origins: Readonly<Record<SettingName, SettingOrigin>>
  /** Things worth a warning that do not stop the node (a misspelt variable, say). */
  readonly warnings: readonly string[]
}

const ENV_PREFIX = 'NORNICDB_'
const KNOWN_ENV = SETTING_NAMES.map((name) => specOf(name).env)

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

function unknownEnvWarnings(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.keys(env)
    .filter((key) => key.startsWith(ENV_PREFIX) && !KNOWN_ENV.includes(key))
    .sort()
    .map((key) => {
      const suggestion = closestName(key, KNOWN_ENV)
      return `${key} is not a nornic setting and is ignored${suggestion ? `; did you mean ${suggestion}?` : ''}`
    })
}

/**
 * Merges the four sources (flag > env > TOML file > default), parses every value, checks the rules
 * between settings and freezes the result. Throws Nornic.Config.Invalid naming the setting, its value,
 * its source and what is allowed.
 */
export function resolveSettings(inputs: SettingInputs): ResolvedSettings {
  const fileValues = inputs.configFile === undefined ? new Map<SettingName, unknown>() : readTomlSettings(inputs.configFile)
  const env = inputs.env ?? process.env
  const values: Record<string, unknown> = {}
  const origins = {} as Record<SettingName, SettingOrigin>

  for (const name of SETTING_NAMES) {
    const spec = specOf(name)
    const envValue = env[spec.env]
    let origin: SettingOrigin
    let raw: unknown
    if (inputs.flags[name] !== undefined) {
      origin = { source: 'flag' }
      raw = inputs.flags[name]
    } else if (envValue !== undefined && envValue !== '') {
      origin = { source: 'env' }
      raw = envValue
    } else if (fileValues.has(name)) {
      origin = { source: 'file', file: inputs.configFile as string }
      raw = fileValues.get(name)
    } else {
      origins[name] = { source: 'default' }
      values[name] = spec.fallback(values)
      continue
    }
    const parsed = spec.parser.parse(raw)
    if (parsed === undefined) {
      const shown = spec.secret ? '********' : typeof raw === 'string' ? raw : JSON.stringify(raw)
      throw configError(
        `${describeAssignment(name, origin, shown)} is not allowed: expected ${spec.parser.allowed}`,
        { setting: spec.env, value: shown, source: origin.source, allowed: spec.parser.allowed },
      )
    }
    origins[name] = origin
    values[name] = parsed
  }

  const settings = values as unknown as Settings
  checkSettingRules(settings, origins)
  return deepFreeze({ settings, origins, warnings: unknownEnvWarnings(env) })
}
