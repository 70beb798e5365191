import type { RaftConfig } from './config.js'
import { entrySize, type AppendMessage, type AppendResponseMessage, type Message, type NodeId } from './types.js'

/** The bounds a merged append stays within, as a single append's are. */
export type AppendLimits = Pick<RaftConfig, 'maxAppendEntries' | 'maxAppendSize'>

/**
 * Folds each peer's consecutive replication messages of one Ready into one. A leader steps every
 * proposal and every acknowledgement of a round on its own and answers each with an append, so a
 * round of 20 writes would otherwise send each follower 20 one-entry appends and as many empty
 * ones carrying the commit index, and draw as many acknowledgements: on two cores, those frames
 * were a large share of every node's work. Merged, the follower gets one append and gives one
 * answer for the same effect.
 *
 * Two appends merge when the second continues the first (its `prevIndex` is where the first
 * ends) in the same term, and the result stays within `maxAppendEntries` and `maxAppendSize`;
 * the merged append carries the later commit index. Two accepted acknowledgements merge into the
 * one with the higher index, which the leader would act on anyway. Only messages to the same peer
 * with nothing else to it in between merge, so each peer still sees its messages in order.
 */
export function coalesceMessages(messages: readonly Message[], limits: AppendLimits): Message[] {
  if (messages.length < 2) return [...messages]
  const out: (Message | undefined)[] = []
  const lastTo = new Map<NodeId, number>()
  for (const message of messages) {
    const at = lastTo.get(message.to)
    const previous = at === undefined ? undefined : out[at]
    const merged = previous === undefined ? undefined : merge(previous, message, limits)
    if (merged !== undefined && at !== undefined) {
      out[at] = undefined
      out.push(merged)
    } else {
      out.push(message)
    }
    lastTo.set(message.to, out.length - 1)
  }
  return out.filter((message): message is Message => message !== undefined)
}

function merge(first: Message, second: Message, limits: AppendLimits): Message | undefined {
  if (first.term !== second.term) return undefined
  if (first.type === 'append' && second.type === 'append') return mergeAppends(first, second, limits)
  if (first.type === 'appendResponse' && second.type === 'appendResponse') return mergeAcknowledgements(first, second)
  return undefined
}

function mergeAppends(first: AppendMessage, second: AppendMessage, limits: AppendLimits): AppendMessage | undefined {
  const firstEnd = first.prevIndex + first.entries.length
  const firstEndTerm = first.entries.at(-1)?.term ?? first.prevTerm
  if (second.prevIndex !== firstEnd || second.prevTerm !== firstEndTerm) return undefined
  if (first.entries.length === 0) return { ...second, commit: Math.max(first.commit, second.commit) }
  if (second.entries.length === 0) return { ...first, commit: Math.max(first.commit, second.commit) }
  if (first.entries.length + second.entries.length > limits.maxAppendEntries) return undefined
  if (dataSize(first) + dataSize(second) > limits.maxAppendSize) return undefined
  return { ...first, entries: [...first.entries, ...second.entries], commit: Math.max(first.commit, second.commit) }
}

function mergeAcknowledgements(first: AppendResponseMessage, second: AppendResponseMessage): AppendResponseMessage | undefined {
  if (first.reject || second.reject) return undefined
  return second.index >= first.index ? second : first
}

function dataSize(append: AppendMessage): number {
  let size = 0
  for (const entry of append.entries) size += entrySize(entry)
  return size
}
