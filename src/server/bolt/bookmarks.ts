import { NornicError } from '../../errors/index.js'
import type { PackValue } from './packstream.js'

/**
 * A bookmark names a point in the replicated history: `nornic:<index>`, the applied index after a
 * transaction. A transaction that carries bookmarks waits until this node has applied the highest of
 * them, so a client reads its own writes on any node.
 */
const PREFIX = 'nornic:'

export function formatBookmark(appliedIndex: number): string {
  return `${PREFIX}${appliedIndex}`
}

/** The highest index the bookmarks name (0 for none); throws InvalidBookmark for one that is not ours. */
export function highestBookmarkIndex(bookmarks: PackValue | undefined): number {
  if (bookmarks === undefined || bookmarks === null) return 0
  if (!Array.isArray(bookmarks)) throw new NornicError('Neo.ClientError.Transaction.InvalidBookmark', 'bookmarks must be a list of strings')
  let highest = 0
  for (const bookmark of bookmarks as readonly PackValue[]) {
    const digits = typeof bookmark === 'string' && bookmark.startsWith(PREFIX) ? bookmark.slice(PREFIX.length) : ''
    if (!/^\d{1,15}$/.test(digits)) {
      throw new NornicError('Neo.ClientError.Transaction.InvalidBookmark', `${typeof bookmark === 'string' ? `"${bookmark}"` : `a ${typeof bookmark}`} is not a nornic bookmark (nornic:<index>)`)
    }
    highest = Math.max(highest, Number(digits))
  }
  return highest
}

export interface BookmarkWait {
  /** The index this node has applied; cheap, called often. */
  appliedIndex(): number
  readonly timeoutMs: number
  readonly pollMs: number
  /** Stops the wait early (a RESET jumped the queue); the caller then answers IGNORED. */
  readonly signal?: AbortSignal
}

/** Resolves once `index` is applied, or once `signal` aborts; rejects with BookmarkTimeout after `timeoutMs`. */
export async function waitForBookmark(index: number, wait: BookmarkWait): Promise<void> {
  if (wait.appliedIndex() >= index) return
  const deadline = Date.now() + wait.timeoutMs
  while (wait.appliedIndex() < index && wait.signal?.aborted !== true) {
    if (Date.now() >= deadline) {
      throw new NornicError('Neo.TransientError.Transaction.BookmarkTimeout', `this node has applied up to ${wait.appliedIndex()}, not yet the bookmark's ${index}, after ${wait.timeoutMs} ms; retry, or read from the leader`, { bookmarkIndex: index, appliedIndex: wait.appliedIndex() })
    }
    await new Promise((resolve) => setTimeout(resolve, wait.pollMs))
  }
}
