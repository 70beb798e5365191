import { Command, Flags, type Interfaces } from '@oclif/core'
import { stringify } from 'lossless-json'
import { renderCliError, toCliError } from './cli-error.js'

/**
 * The version of every `--json` answer (docs/cli-json.schema.json: `{version, status, result}` or
 * `{version, status, error}`); it changes only when a shape does.
 */
export const JSON_ENVELOPE_VERSION = 1

/**
 * The base of every nornic command: `--json` prints only the envelope on stdout, errors are one line on
 * stderr (the stack only with `--debug`), and the exit code says what happened: 0 done, 1 failed,
 * 2 bad usage or configuration.
 */
export abstract class NornicCommand<T> extends Command {
  static override enableJsonFlag = true
  static override baseFlags = {
    debug: Flags.boolean({ description: 'Print stack traces with errors', helpGroup: 'GLOBAL' }),
  }

  /** One unwrapped line on stderr, so scripts can grep it; nothing in --json mode. */
  override warn(input: string | Error): string | Error {
    if (!this.jsonEnabled()) process.stderr.write(`warning: ${input instanceof Error ? input.message : input}\n`)
    return input
  }

  /** Every envelope goes out through the exact-integer writer: node answers carry 64-bit integers. */
  override logJson(json: unknown): void {
    process.stdout.write(`${stringify(json, undefined, 2) ?? 'null'}\n`)
  }

  protected override toSuccessJson(result: unknown): unknown {
    return { version: JSON_ENVELOPE_VERSION, status: 'ok', result }
  }

  protected override async catch(error: Interfaces.CommandError): Promise<void> {
    const cliError = toCliError(error)
    process.exitCode = cliError.exitCode
    if (this.jsonEnabled()) {
      const { code, message, hint, exitCode } = cliError
      this.logJson({ version: JSON_ENVELOPE_VERSION, status: 'error', error: { code, message, ...(hint ? { hint } : {}), exitCode } })
      return
    }
    process.stderr.write(renderCliError(cliError, this.argv.includes('--debug')))
  }

  abstract override run(): Promise<T>
}
