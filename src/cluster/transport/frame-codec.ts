import { messageTypeCode, messageTypeName, type MessageTypeName } from './message-types.js'

/** The bytes before each payload: its length as an unsigned 32-bit big-endian integer. */
export const FRAME_HEADER_BYTES = 4

/** The default largest payload, as NORNICDB_CLUSTER_MAX_FRAME_SIZE defaults to it. */
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024 ** 2

/** The body of every message is a JSON object; each message type's owner gives it its fields. */
export type MessageBody = Readonly<Record<string, unknown>>

/**
 * One message of the cluster protocol. On the wire it is a frame: a 4-byte big-endian length and
 * the UTF-8 JSON payload `{type, id, from, cluster, body}`, with `type` as its numeric code.
 * `id` is chosen by the sender of a request and echoed by its answer.
 */
export interface Message {
  readonly type: MessageTypeName
  readonly id: number
  readonly from: string
  readonly cluster: string
  readonly body: MessageBody
}

/** Encodes one message as a frame, header included. */
export function encodeFrame(message: Message): Buffer {
  const payload = JSON.stringify({
    type: messageTypeCode(message.type),
    id: message.id,
    from: message.from,
    cluster: message.cluster,
    body: message.body,
  })
  const payloadBytes = Buffer.byteLength(payload)
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payloadBytes)
  frame.writeUInt32BE(payloadBytes, 0)
  frame.write(payload, FRAME_HEADER_BYTES, 'utf8')
  return frame
}

/** Why a received frame was refused; each one closes the connection it came on. */
export type RejectReason =
  | 'oversized'
  | 'malformed'
  | 'invalid_shape'
  | 'unknown_type'
  | 'wrong_cluster'
  | 'wrong_peer'

export type ReadResult =
  | { readonly ok: true; readonly message: Message }
  | { readonly ok: false; readonly reason: RejectReason; readonly detail: string }

const MAX_NODE_ID_LENGTH = 256

/**
 * Reads one frame payload into a message, checking it in the order that gives the most useful
 * reason: JSON, then the envelope's shape, then the cluster id, then the type code. Never throws:
 * whatever a peer sends becomes either a message or a reason.
 */
export function readMessage(payload: Buffer, clusterId: string): ReadResult {
  let parsed: unknown
  try {
    parsed = JSON.parse(payload.toString('utf8'))
  } catch {
    return { ok: false, reason: 'malformed', detail: `payload of ${payload.length} bytes is not JSON` }
  }
  if (!isObject(parsed)) return invalidShape('payload is not a JSON object')
  const { type, id, from, cluster, body } = parsed
  if (!Number.isSafeInteger(type)) return invalidShape('type is not an integer')
  if (!Number.isSafeInteger(id) || (id as number) < 1) return invalidShape('id is not a positive integer')
  if (typeof from !== 'string' || from.length === 0 || from.length > MAX_NODE_ID_LENGTH) {
    return invalidShape('from is not a node id')
  }
  if (typeof cluster !== 'string') return invalidShape('cluster is not a string')
  if (!isObject(body)) return invalidShape('body is not a JSON object')
  if (cluster !== clusterId) {
    return { ok: false, reason: 'wrong_cluster', detail: `peer is in cluster "${cluster.slice(0, 100)}", this node in "${clusterId}"` }
  }
  const name = messageTypeName(type as number)
  if (name === undefined) return { ok: false, reason: 'unknown_type', detail: `type code ${String(type)} is unknown` }
  return { ok: true, message: { type: name, id: id as number, from, cluster, body } }
}

function invalidShape(detail: string): ReadResult {
  return { ok: false, reason: 'invalid_shape', detail }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
