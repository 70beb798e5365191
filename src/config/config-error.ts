import { NornicError } from '../errors/index.js'

/** A setting that stops the node from starting; exit code 2. */
export function configError(message: string, facts: Record<string, unknown>): NornicError {
  return new NornicError('Nornic.Config.Invalid', message, facts)
}
