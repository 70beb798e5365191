import type { RaftStorage } from '../raft/storage/raft-storage.js'
import type { ConfigEntry, NodeId } from '../raft/types.js'

export type BootstrapOutcome = 'formed' | 'ignored' | 'joining' | 'resumed'

/**
 * Forms a new cluster on the bootstrap node by writing the founding membership as the first log
 * entry (committed, term 1), as hashicorp/raft's BootstrapCluster does. An entry rather than the
 * bootstrap snapshot because the others start with an empty membership and learn it the Raft
 * way: the entry reaches them with the rest of the log. A node that already has state keeps it
 * (`ignored`); a fresh node that is not the bootstrap one waits to be reached by a leader
 * (`joining`).
 */
export async function bootstrapLog(storage: RaftStorage, self: NodeId, peers: readonly NodeId[], bootstrap: boolean): Promise<BootstrapOutcome> {
  const stored = await storage.load()
  if (!stored.isEmpty) return bootstrap ? 'ignored' : 'resumed'
  if (!bootstrap) return 'joining'
  const voters = [...new Set([self, ...peers])].sort()
  const founding: ConfigEntry = { index: 1, term: 1, type: 'config', change: { kind: 'addVoter', node: self }, membership: { voters, learners: [] } }
  await storage.save({ entries: [founding], hardState: { term: 1, vote: '', commit: 1 } })
  return 'formed'
}
