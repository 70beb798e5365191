import { isNornicError } from '../../src/errors/index.js'

/** `Then a TypeError should be raised at runtime: ListElementAccessByNonInteger`. */
export interface ExpectedError {
  readonly type: string
  readonly phase: string
  /** `*` where the TCK accepts any detail. */
  readonly detail: string
}

export const EXPECTED_ERROR = /^an? (\w+) should be raised at ([\w ]+): (\w+|\*)$/

export function expectedError(stepText: string): ExpectedError | undefined {
  const match = EXPECTED_ERROR.exec(stepText)
  if (match === null) return undefined
  const [, type = '', phase = '', detail = ''] = match
  return { type, phase, detail }
}

/**
 * The TCK's names for an error type that nornic's codes spell differently. The TCK lists
 * both ConstraintVerificationFailed and ConstraintValidationFailed; nornic has one code
 * for a constraint that the data breaks.
 */
const TYPE_SYNONYMS: Readonly<Record<string, string>> = {
  ConstraintVerificationFailed: 'ConstraintValidationFailed',
}

export type ErrorVerdict =
  /** The type matches; `detail` tells whether the engine's facts.detail agreed. */
  | { readonly matches: true; readonly detail: 'same' | 'different' | 'absent'; readonly actualDetail?: string }
  | { readonly matches: false; readonly reason: string }

/**
 * Judges a thrown error against the expected one. The type decides: the last part of the
 * NornicError's code (`Neo.ClientError.Statement.SyntaxError` -> SyntaxError). The detail
 * (`facts.detail`) is reported apart, since detail names are finer than nornic promises.
 * The phase is not judged: nornic reads all of a result before answering, so a runtime
 * error and a compile-time error reach the caller the same way.
 */
export function judgeError(expected: ExpectedError, error: unknown): ErrorVerdict {
  if (!isNornicError(error)) return { matches: false, reason: `expected a ${expected.type}, got a non-nornic error: ${describeError(error)}` }
  const actualType = error.code.slice(error.code.lastIndexOf('.') + 1)
  const wantedType = TYPE_SYNONYMS[expected.type] ?? expected.type
  if (actualType !== wantedType) {
    return { matches: false, reason: `expected a ${expected.type} (${expected.detail}), got ${error.code}: ${error.message}` }
  }
  const actualDetail = error.facts['detail']
  if (typeof actualDetail !== 'string') return { matches: true, detail: 'absent' }
  const same = expected.detail === '*' || actualDetail === expected.detail
  return { matches: true, detail: same ? 'same' : 'different', actualDetail }
}

export function describeError(error: unknown): string {
  if (isNornicError(error)) return `${error.code}: ${error.message}`
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}
