import { ERROR_CODES, NornicError, isNornicError, type ErrorCode } from '../../errors/index.js'
import type { MessageBody } from './frame-codec.js'
import type { MessageTypeName } from './message-types.js'

/** The body of an `Error` frame: the coded error a handler threw, for the requester to rethrow. */
export type ErrorBody = {
  readonly code: string
  readonly message: string
  readonly facts: Readonly<Record<string, unknown>>
}

/** Turns what a handler threw into an `Error` frame body; anything not coded becomes UnknownError. */
export function errorToBody(error: unknown): ErrorBody {
  if (isNornicError(error)) return { code: error.code, message: error.message, facts: error.facts }
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'Neo.DatabaseError.General.UnknownError', message, facts: {} }
}

/**
 * Rebuilds the error a peer answered with, so a forwarded write fails with the leader's own code
 * (NotALeader, SyntaxError, ...). A code this version does not know stays visible in the facts.
 */
export function errorFromBody(body: MessageBody, peer: string): NornicError {
  const code = typeof body.code === 'string' ? body.code : ''
  const message = typeof body.message === 'string' ? body.message : `peer ${peer} answered with an error`
  const facts = typeof body.facts === 'object' && body.facts !== null && !Array.isArray(body.facts)
    ? (body.facts as Record<string, unknown>)
    : {}
  if (Object.hasOwn(ERROR_CODES, code)) return new NornicError(code as ErrorCode, message, facts)
  return new NornicError('Neo.DatabaseError.General.UnknownError', message, { ...facts, peer, remoteCode: code })
}

export function peerUnavailable(peer: string, why: string): NornicError {
  return new NornicError('Nornic.Cluster.PeerUnavailable', `peer ${peer} is unavailable: ${why}`, { peer })
}

export function requestTimedOut(peer: string, type: MessageTypeName, timeoutMs: number): NornicError {
  return new NornicError(
    'Nornic.Cluster.RequestTimeout',
    `peer ${peer} did not answer ${type} within ${timeoutMs} ms`,
    { peer, type, timeoutMs },
  )
}

export function unexpectedResponse(peer: string, request: MessageTypeName, response: MessageTypeName): NornicError {
  return new NornicError(
    'Nornic.Cluster.ProtocolError',
    `peer ${peer} answered ${request} with ${response}`,
    { peer, request, response },
  )
}

export function frameTooLarge(type: MessageTypeName, frameBytes: number, maxFrameBytes: number): NornicError {
  return new NornicError(
    'Neo.ClientError.Request.EntityTooLarge',
    `${type} of ${frameBytes} bytes is over the cluster frame limit of ${maxFrameBytes} bytes (NORNICDB_CLUSTER_MAX_FRAME_SIZE)`,
    { type, frameBytes, maxFrameBytes },
  )
}
