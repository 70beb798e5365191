import { isNornicError, NornicError } from '../../errors/index.js'

export interface Neo4jError {
  readonly code: string
  readonly message: string
}

/** Turns anything thrown into a coded error: a NornicError stays as it is, anything else is a bug (500). */
export function asNornicError(error: unknown): NornicError {
  if (isNornicError(error)) return error
  return new NornicError('Neo.DatabaseError.General.UnknownError', `internal error: ${(error as Error)?.message ?? String(error)}`, {}, { cause: error })
}

export function neo4jError(error: NornicError): Neo4jError {
  return { code: error.code, message: error.message }
}
