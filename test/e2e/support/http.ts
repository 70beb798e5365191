import { request } from 'undici'
import { parseJsonExact } from '../../../src/server/http/json-codec.js'

export interface HttpAnswer {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly text: string
  /** The body as JSON with exact integers (bigint), or undefined when it is not JSON. */
  readonly json: any
}

export interface CallOptions {
  readonly method?: 'GET' | 'POST'
  readonly body?: string
  readonly auth?: string | null
  readonly headers?: Record<string, string>
  /** How long to wait for the answer (default 30 s). */
  readonly timeoutMs?: number
}

const DEFAULT_AUTH = 'admin:admin'

export async function call(baseUrl: string, path: string, options: CallOptions = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers }
  const auth = options.auth === undefined ? DEFAULT_AUTH : options.auth
  if (auth !== null) headers.authorization = `Basic ${Buffer.from(auth).toString('base64')}`
  const response = await request(`${baseUrl}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body,
    headersTimeout: options.timeoutMs ?? 30_000,
    bodyTimeout: options.timeoutMs ?? 30_000,
  })
  const text = await response.body.text()
  let json: unknown
  try {
    json = parseJsonExact(text)
  } catch {
    json = undefined
  }
  return { status: response.statusCode, headers: response.headers, text, json }
}

/** Runs Cypher through the transaction endpoint; parameters may hold bigints. */
export function cypher(baseUrl: string, statements: { statement: string; parameters?: string }[], options: CallOptions = {}): Promise<HttpAnswer> {
  const body = `{"statements":[${statements.map((entry) => `{"statement":${JSON.stringify(entry.statement)},"parameters":${entry.parameters ?? '{}'}}`).join(',')}]}`
  return call(baseUrl, '/db/neo4j/tx/commit', { ...options, body })
}
