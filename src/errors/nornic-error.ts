import { ERROR_CODES, type ErrorCode, type ErrorCodeSpec } from './codes.js'

/**
 * The one error class of nornic. Callers match on `code`, never on the message text.
 * `facts` carries what a person or a program needs to act (the leader, the setting, the limit).
 */
export class NornicError extends Error {
  readonly code: ErrorCode
  readonly facts: Readonly<Record<string, unknown>>

  constructor(code: ErrorCode, message: string, facts: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'NornicError'
    this.code = code
    this.facts = Object.freeze({ ...facts })
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].httpStatus
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exitCode
  }

  get hint(): string | undefined {
    return (ERROR_CODES[this.code] as ErrorCodeSpec).hint
  }
}

export function isNornicError(error: unknown): error is NornicError {
  return error instanceof NornicError
}
