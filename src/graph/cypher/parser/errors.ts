import { NornicError } from '../../../errors/index.js'
import type { Position } from '../ast.js'

/**
 * A `Neo.ClientError.Statement.SyntaxError` pointing at the source. `detail` is the openCypher
 * error detail name (the TCK's `UnexpectedSyntax`, `IntegerOverflow`, ...).
 */
export function syntaxError(message: string, position: Position, detail = 'UnexpectedSyntax'): NornicError {
  return new NornicError('Neo.ClientError.Statement.SyntaxError', `${message} (line ${position.line}, column ${position.column})`, {
    line: position.line,
    column: position.column,
    offset: position.offset,
    detail,
  })
}

/** A construct nornic knowingly leaves out, named so the user knows what to avoid. */
export function unsupportedFeature(feature: string, position: Position): NornicError {
  return new NornicError(
    'Neo.ClientError.Statement.FeatureNotSupported',
    `${feature} is not supported by nornic (line ${position.line}, column ${position.column})`,
    { feature, line: position.line, column: position.column, offset: position.offset },
  )
}
