import { NornicError, type ErrorCode } from '../../../errors/index.js'
import type { Position } from '../ast.js'

/**
 * A compile-time error found after parsing. `detail` is the openCypher error detail name the TCK
 * checks (`UndefinedVariable`, `VariableAlreadyBound`, ...); the position points at the culprit.
 */
export function semanticError(
  detail: string,
  message: string,
  position: Position,
  code: ErrorCode = 'Neo.ClientError.Statement.SyntaxError',
): NornicError {
  return new NornicError(code, `${message} (line ${position.line}, column ${position.column})`, {
    detail,
    line: position.line,
    column: position.column,
    offset: position.offset,
  })
}
