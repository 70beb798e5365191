import { Errors } from '@oclif/core'
import { isNornicError, NornicError } from '../../errors/index.js'

/** What the CLI prints and exits with, whatever was thrown. */
export interface CliError {
  readonly code: string
  readonly message: string
  readonly hint?: string
  readonly exitCode: number
  readonly stack?: string
}

export function toCliError(error: unknown): CliError {
  if (isNornicError(error)) {
    return { code: error.code, message: error.message, hint: error.hint, exitCode: error.exitCode, stack: error.stack }
  }
  // oclif's own parse errors (unknown flag, missing argument) are usage errors.
  if (error instanceof Errors.CLIError) {
    const usage = new NornicError('Nornic.Cli.Usage', error.message.split('\n')[0] ?? error.message)
    return { code: usage.code, message: usage.message, hint: usage.hint, exitCode: error.oclif.exit === 2 ? 2 : usage.exitCode, stack: error.stack }
  }
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'Neo.DatabaseError.General.UnknownError', message, exitCode: 1, stack: (error as Error)?.stack }
}

/** One line with the message and code, a hint when there is one, the stack only with --debug. */
export function renderCliError(error: CliError, debug: boolean): string {
  const lines = [`error: ${error.message} [${error.code}]`]
  if (error.hint) lines.push(`hint: ${error.hint}`)
  if (debug && error.stack) lines.push(error.stack)
  return `${lines.join('\n')}\n`
}
