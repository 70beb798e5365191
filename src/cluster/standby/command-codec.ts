import type { Statement } from '../../graph/command.js'
import { isMapValue, type MapValue, type Value } from '../../graph/values.js'

/**
 * How a write command's parameters travel in WAL lines and WALBatch frames: plain JSON with integers
 * and floats tagged ({"i":"42"}, {"f":"1"}) and maps wrapped ({"m":{...}}), so a bigint keeps all 64
 * bits and a float never comes back as an integer. Parameters come from a client's JSON, so graph
 * elements never appear in them.
 */
export type EncodedValue =
  | null
  | boolean
  | string
  | { readonly i: string }
  | { readonly f: string }
  | { readonly m: Readonly<Record<string, EncodedValue>> }
  | readonly EncodedValue[]

export interface EncodedStatement {
  readonly q: string
  readonly p: Readonly<Record<string, EncodedValue>>
}

export function encodeStatements(statements: readonly Statement[]): EncodedStatement[] {
  return statements.map((statement) => ({ q: statement.statement, p: encodeMap(statement.parameters) }))
}

export function decodeStatements(encoded: readonly EncodedStatement[]): Statement[] {
  return encoded.map((statement) => ({ statement: statement.q, parameters: decodeMap(statement.p) }))
}

function encodeMap(map: MapValue): Record<string, EncodedValue> {
  const encoded: Record<string, EncodedValue> = {}
  for (const [key, value] of Object.entries(map)) encoded[key] = encodeValue(value)
  return encoded
}

function decodeMap(map: Readonly<Record<string, EncodedValue>>): MapValue {
  const decoded: Record<string, Value> = {}
  for (const [key, value] of Object.entries(map)) decoded[key] = decodeValue(value)
  return decoded
}

function encodeValue(value: Value): EncodedValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value
  if (typeof value === 'bigint') return { i: value.toString() }
  if (typeof value === 'number') return { f: Object.is(value, -0) ? '-0' : String(value) }
  if (Array.isArray(value)) return value.map(encodeValue)
  if (isMapValue(value)) return { m: encodeMap(value) }
  throw new TypeError('a write command parameter holds a graph element, which cannot be replicated')
}

function decodeValue(value: EncodedValue): Value {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value
  if (Array.isArray(value)) return value.map(decodeValue)
  const tagged = value as { i?: string; f?: string; m?: Readonly<Record<string, EncodedValue>> }
  if (tagged.i !== undefined) return BigInt(tagged.i)
  if (tagged.f !== undefined) return Number(tagged.f)
  if (tagged.m !== undefined) return decodeMap(tagged.m)
  throw new TypeError(`not an encoded parameter value: ${JSON.stringify(value)}`)
}
