import { CONSISTENCY_LEVELS } from '../../config/settings.js'
import type { ConsistencyLevel } from '../../config/index.js'
import { NornicError } from '../../errors/index.js'

export const CONSISTENCY_HEADER = 'x-nornic-consistency'

/** The read consistency a request asks for: header, then query parameter, then the node's default. */
export function requestedConsistency(header: unknown, queryParameter: unknown, fallback: ConsistencyLevel): ConsistencyLevel {
  const asked = typeof header === 'string' ? header : typeof queryParameter === 'string' ? queryParameter : undefined
  if (asked === undefined) return fallback
  const level = CONSISTENCY_LEVELS.find((candidate) => candidate === asked.toUpperCase())
  if (level === undefined) {
    throw new NornicError('Neo.ClientError.Request.Invalid', `consistency ${asked} is not known: use one of ${CONSISTENCY_LEVELS.join(', ')}`)
  }
  return level
}
