import { stat } from 'node:fs/promises'
import { NornicError } from '../../../errors/index.js'

/**
 * Earlier development builds kept the Raft log in a level database in `<data-dir>/raft/log`.
 * This version does not read it; starting on an empty write-ahead log beside it would silently
 * forget what the node had acknowledged. So the node stops and says what to do. Removing only the
 * log is not enough: the graph beside it would claim entries the new log lacks.
 */
export async function refuseEarlierRaftLog(dir: string): Promise<void> {
  const found = await stat(dir).then(() => true, (error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return false
    throw error
  })
  if (!found) return
  throw new NornicError(
    'Nornic.Node.DataDirIncompatible',
    `${dir} holds a raft log in the format of an earlier development build, which this version does not read; ` +
      'to keep this node\'s data run that build; to start it over, empty its data directory and start it with ' +
      'NORNICDB_CLUSTER_RAFT_BOOTSTRAP=false: it rejoins the cluster and catches up from the leader',
    { dir },
  )
}
