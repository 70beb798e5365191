import chalk from 'chalk'
import Table from 'cli-table3'
import type { SettingReportRow } from '../settings-report.js'

/** The settings as a table for a person; what was set explicitly stands out from the defaults. */
export function renderSettingsTable(rows: readonly SettingReportRow[]): string {
  const table = new Table({ head: ['setting', 'value', 'source'].map((title) => chalk.bold(title)), style: { head: [], border: [], compact: true } })
  for (const row of rows) {
    const value = row.value ?? chalk.dim('(unset)')
    table.push([row.env, row.source === 'default' ? value : chalk.cyan(value), row.source === 'default' ? chalk.dim(row.source) : row.source])
  }
  return table.toString()
}
