import { NornicError } from '../../errors/index.js'
import { DATABASE_NAME } from '../http/routes/transaction.js'
import type { PackMap } from './packstream.js'

/**
 * Whether BEGIN or an auto-commit RUN opened its work for reading: drivers send `mode: "r"` for a
 * read session or a read transaction function (`executeRead`), and leave it out for writing.
 */
export function isReadAccess(extra: PackMap): boolean {
  const mode = extra.mode
  if (mode === undefined || mode === null || mode === 'w') return false
  if (mode === 'r') return true
  throw new NornicError('Neo.ClientError.Request.Invalid', `mode must be "r" (read) or "w" (write), not ${JSON.stringify(String(mode))}`)
}

/** A write in work opened for reading; Neo4j's code and wording, so clients that match on either keep working. */
export function writeInReadAccessError(): NornicError {
  return new NornicError('Neo.ClientError.Statement.AccessMode', `Writing in read access mode not allowed. Attempted write to ${DATABASE_NAME}`)
}
