/**
 * The drill's one way to talk to a node: a Cypher request through `POST /db/neo4j/tx/commit`, turned
 * into rows or a `RequestResult` the outcome classifier understands. It never throws for a failed
 * request, because every failure is a fact the history must record.
 */
import { errors, request } from 'undici'
import type { RequestResult } from './outcome.js'

export interface DrillHttpOptions {
  readonly timeoutMs: number
  readonly user: string
  readonly password: string
}

export type CypherAnswer =
  | { readonly ok: true; readonly rows: readonly (readonly unknown[])[] }
  | { readonly ok: false; readonly result: RequestResult; readonly message: string }

export type Consistency = 'ONE' | 'QUORUM'

function transportFailure(error: unknown): CypherAnswer {
  const timedOut = error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError || (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError'
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code
  return { ok: false, result: { kind: 'transport', errorCode: code, timedOut }, message: (error as Error).message }
}

export class DrillHttp {
  readonly #authorization: string

  constructor(private readonly options: DrillHttpOptions) {
    this.#authorization = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`
  }

  /** Runs one statement; reads go behind the given consistency barrier. */
  async cypher(node: string, statement: string, parameters: Record<string, unknown>, consistency: Consistency = 'ONE'): Promise<CypherAnswer> {
    let status: number
    let text: string
    try {
      const response = await request(new URL('/db/neo4j/tx/commit', node), {
        method: 'POST',
        headers: { authorization: this.#authorization, 'content-type': 'application/json', 'x-nornic-consistency': consistency },
        body: JSON.stringify({ statements: [{ statement, parameters }] }),
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      })
      status = response.statusCode
      text = await response.body.text()
    } catch (error) {
      return transportFailure(error)
    }
    let body: { results?: { data?: { row: unknown[] }[] }[]; errors?: { code?: string; message?: string }[] }
    try {
      body = JSON.parse(text) as typeof body
    } catch {
      return { ok: false, result: { kind: 'answer', status: status >= 400 ? status : 500, errorCode: undefined }, message: `answered ${status} with a body that is not JSON` }
    }
    const failure = body.errors?.[0]
    if (status !== 200 || failure !== undefined) {
      return { ok: false, result: { kind: 'answer', status, errorCode: failure?.code ?? undefined }, message: failure?.message ?? `answered ${status}` }
    }
    return { ok: true, rows: (body.results?.[0]?.data ?? []).map((entry) => entry.row) }
  }

  /** GET a JSON document (status endpoints); undefined when the node does not answer 200 in time. */
  async getJson(node: string, path: string, timeoutMs = this.options.timeoutMs): Promise<Record<string, unknown> | undefined> {
    try {
      const response = await request(new URL(path, node), {
        headers: { authorization: this.#authorization },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      })
      const text = await response.body.text()
      if (response.statusCode !== 200 && response.statusCode !== 503) return undefined
      return JSON.parse(text) as Record<string, unknown>
    } catch {
      return undefined
    }
  }
}

/** POSTs a JSON body to an admin endpoint; the status and parsed body, or the transport error's message. */
export async function postAdmin(http: DrillHttpOptions, node: string, path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> } | { status: 0; message: string }> {
  try {
    const response = await request(new URL(path, node), {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${http.user}:${http.password}`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      headersTimeout: http.timeoutMs,
      bodyTimeout: http.timeoutMs,
      signal: AbortSignal.timeout(http.timeoutMs),
    })
    const text = await response.body.text()
    let parsed: Record<string, unknown> = {}
    try {
      parsed = JSON.parse(text) as Record<string, unknown>
    } catch {
      parsed = { text }
    }
    return { status: response.statusCode, body: parsed }
  } catch (error) {
    return { status: 0, message: (error as Error).message }
  }
}
