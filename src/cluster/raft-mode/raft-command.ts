import type { WriteRequest } from '../../graph/command.js'
import { decodeWriteRequest, encodeWriteRequest, type EncodedWriteRequest } from '../value-codec.js'

/**
 * What one Raft entry carries, as the JSON text the driver logs. A write is the request of one
 * transaction and the timestamp the leader fixed before proposing it (the entry's index is the
 * other half of its context); its fields sit beside `kind` and `timestamp` in the text, so an entry
 * logged before requests had optional fields decodes as statements only. A member record tells
 * every node where a member added through the admin API listens, since the Raft membership itself
 * holds node ids only. Every member also announces in one the Bolt address drivers are routed to:
 * that record has no cluster address, and records written before Bolt addresses have no Bolt address.
 */
export type RaftCommand =
  | { readonly kind: 'write'; readonly timestamp: number; readonly request: WriteRequest }
  | { readonly kind: 'member'; readonly id: string; readonly address?: string; readonly boltAddress?: string }

type EncodedCommand =
  | ({ readonly kind: 'write'; readonly timestamp: number } & EncodedWriteRequest)
  | { readonly kind: 'member'; readonly id: string; readonly address?: string; readonly boltAddress?: string }

export function encodeCommand(command: RaftCommand): string {
  const encoded: EncodedCommand = command.kind === 'write'
    ? { kind: 'write', timestamp: command.timestamp, ...encodeWriteRequest(command.request) }
    : command
  return JSON.stringify(encoded)
}

/** Throws on text no version of nornic wrote: the log is checked on the way in, so that is a bug. */
export function decodeCommand(data: string): RaftCommand {
  const parsed = JSON.parse(data) as EncodedCommand
  switch (parsed.kind) {
    case 'write':
      return { kind: 'write', timestamp: parsed.timestamp, request: decodeWriteRequest(parsed) }
    case 'member':
      return {
        kind: 'member', id: parsed.id,
        ...(parsed.address === undefined ? {} : { address: parsed.address }),
        ...(parsed.boltAddress === undefined ? {} : { boltAddress: parsed.boltAddress }),
      }
    default:
      throw new TypeError(`not a raft command: ${data.slice(0, 200)}`)
  }
}
