import { readFileSync } from 'node:fs'
import { parse, TomlError } from 'smol-toml'
import { configError } from './config-error.js'
import { SETTING_NAMES, specOf, type SettingName } from './settings.js'
import { closestName } from './suggest.js'

const KNOWN_KEYS = new Map(SETTING_NAMES.map((name) => [specOf(name).toml, name]))

function flatten(table: Record<string, unknown>, prefix: string, into: Map<string, unknown>): void {
  for (const [key, value] of Object.entries(table)) {
    const path = prefix ? `${prefix}.${key}` : key
    const isTable = value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
    if (isTable && !KNOWN_KEYS.has(path)) flatten(value as Record<string, unknown>, path, into)
    else into.set(path, value)
  }
}

/** Reads a TOML settings file; unknown keys and syntax errors stop the node with the file named. */
export function readTomlSettings(file: string): Map<SettingName, unknown> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message
    throw configError(`--config ${file}: cannot read the settings file (${reason})`, { setting: 'config', value: file })
  }
  let table: Record<string, unknown>
  try {
    table = parse(text)
  } catch (error) {
    const where = error instanceof TomlError ? ` at line ${error.line}, column ${error.column}` : ''
    const firstLine = (error as Error).message.split('\n')[0]
    throw configError(`--config ${file}: not valid TOML${where}: ${firstLine}`, { setting: 'config', value: file })
  }
  const keys = new Map<string, unknown>()
  flatten(table, '', keys)
  const values = new Map<SettingName, unknown>()
  for (const [key, value] of keys) {
    const name = KNOWN_KEYS.get(key)
    if (name === undefined) {
      const suggestion = closestName(key, [...KNOWN_KEYS.keys()])
      const hint = suggestion ? `; did you mean ${suggestion}?` : '; `nornic config show` lists every key'
      throw configError(`${key} (in ${file}) is not a nornic setting${hint}`, { setting: key, file })
    }
    values.set(name, value)
  }
  return values
}
