import type { Statement } from '../../graph/command.js'
import { isMapValue, type MapValue } from '../../graph/values.js'
import { NornicError } from '../../errors/index.js'

export interface TransactionRequest {
  readonly statements: readonly Statement[]
  readonly includeStats: boolean
}

function invalid(message: string): NornicError {
  return new NornicError('Neo.ClientError.Request.InvalidFormat', message)
}

/** Checks the body of `POST /db/{database}/tx/commit`: `{"statements": [{"statement", "parameters"}]}`. */
export function readTransactionRequest(body: unknown): TransactionRequest {
  if (!isMapValue(body as MapValue)) throw invalid('the request body must be a JSON object with a "statements" list')
  const { statements } = body as { statements?: unknown }
  if (statements === undefined) return { statements: [], includeStats: false }
  if (!Array.isArray(statements)) throw invalid('"statements" must be a list')
  let includeStats = false
  const parsed = statements.map((entry: unknown, position): Statement => {
    const item = entry as { statement?: unknown; parameters?: unknown; includeStats?: unknown }
    if (!isMapValue(entry as MapValue) || typeof item.statement !== 'string') {
      throw invalid(`statements[${position}] must be an object with a "statement" text`)
    }
    if (item.parameters !== undefined && item.parameters !== null && !isMapValue(item.parameters as MapValue)) {
      throw invalid(`statements[${position}].parameters must be an object`)
    }
    if (item.includeStats === true) includeStats = true
    return { statement: item.statement, parameters: (item.parameters ?? {}) as MapValue }
  })
  return { statements: parsed, includeStats }
}
