import { errors, request } from 'undici'
import { isErrorCode, NornicError } from '../../errors/index.js'
import { parseJsonExact, stringifyJsonExact } from '../../server/http/json-codec.js'

export interface AdminClientOptions {
  readonly timeoutMs: number
  readonly user: string
  readonly password: string
}

/** What a node answered: its status and JSON body. */
export interface AdminAnswer<T = unknown> {
  readonly node: string
  readonly status: number
  readonly body: T
}

const CONNECT_ERROR_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused; is `nornic serve` running there?',
  ENOTFOUND: 'no such host',
  EHOSTUNREACH: 'host unreachable',
  ECONNRESET: 'the connection was reset',
}

/** `timedOut`: the request may have arrived and be running; otherwise it surely did not arrive. */
function unreachable(node: string, reason: string, cause: unknown, timedOut = false): NornicError {
  return new NornicError('Nornic.Cli.NodeUnreachable', `${node}: ${reason}`, { node, timedOut }, { cause })
}

/** Why a request to a node failed, in words an operator can act on. */
function describeFailure(node: string, error: unknown, timeoutMs: number): NornicError {
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError || error instanceof errors.ConnectTimeoutError || (error as Error).name === 'TimeoutError') {
    return unreachable(node, `timed out after ${timeoutMs / 1000}s`, error, true)
  }
  const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code
  return unreachable(node, (code && CONNECT_ERROR_REASONS[code]) ?? (error as Error).message, error)
}

/**
 * Talks to the admin endpoints of nornic nodes. Failures become one coded error naming the node and
 * the reason; an answer with a Neo4j error body becomes that error, so callers match on its code.
 */
export class AdminClient {
  constructor(private readonly options: AdminClientOptions) {}

  get<T>(node: string, path: string): Promise<AdminAnswer<T>> {
    return this.call<T>(node, 'GET', path, undefined)
  }

  /** `timeoutMs` overrides the client's own, for operations the node runs to their end before answering. */
  post<T>(node: string, path: string, body: unknown = {}, timeoutMs = this.options.timeoutMs): Promise<AdminAnswer<T>> {
    return this.call<T>(node, 'POST', path, body, timeoutMs)
  }

  private async call<T>(node: string, method: 'GET' | 'POST', path: string, body: unknown, timeoutMs = this.options.timeoutMs): Promise<AdminAnswer<T>> {
    const { user, password } = this.options
    let response
    try {
      response = await request(new URL(path, node), {
        method,
        headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : stringifyJsonExact(body),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (error) {
      throw describeFailure(node, error, timeoutMs)
    }
    const text = await response.body.text().catch((error: unknown) => { throw describeFailure(node, error, timeoutMs) })
    let parsed: unknown
    try {
      parsed = parseJsonExact(text)
    } catch {
      throw unreachable(node, `answered ${response.statusCode} with a body that is not JSON; is this a nornic node?`, undefined)
    }
    if (response.statusCode === 401) {
      throw new NornicError('Neo.ClientError.Security.Unauthorized', `${node}: 401: bad credentials (user ${user})`, { node })
    }
    const failure = (parsed as { errors?: { code?: string; message?: string }[] }).errors?.[0]
    if (response.statusCode >= 400 && failure?.code) {
      const code = isErrorCode(failure.code) ? failure.code : 'Neo.DatabaseError.General.UnknownError'
      throw new NornicError(code, `${node}: ${failure.message ?? failure.code}`, { node, status: response.statusCode, remoteCode: failure.code })
    }
    return { node, status: response.statusCode, body: parsed as T }
  }
}
