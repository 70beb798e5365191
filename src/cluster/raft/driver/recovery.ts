import { bootstrapState, type RaftInitialState } from '../config.js'
import type { RaftStorage } from '../storage/raft-storage.js'
import type { SnapshotFiles } from '../storage/snapshot-files.js'
import { RaftStorageCorruption } from '../storage/storage-corruption.js'
import type { Membership } from '../types.js'
import type { RaftStateMachine } from './state-machine.js'

export interface RecoveryInputs {
  readonly storage: RaftStorage
  readonly snapshots: SnapshotFiles
  readonly stateMachine: RaftStateMachine<unknown>
  readonly bootstrap: Membership
}

/**
 * Reads the log back into the core's starting state. A state machine behind the stored snapshot
 * (a crash between recording an installed snapshot and restoring it) is restored from the file
 * first; a snapshot taken here is held by the state machine itself, which made it durable before
 * the log forgot the entries.
 */
export async function recoverInitialState(options: RecoveryInputs): Promise<RaftInitialState> {
  const stored = await options.storage.load()
  await options.snapshots.removePartials()
  if (stored.isEmpty) {
    // The founding membership lives in the bootstrap snapshot (index 0): record it, or a restart
    // before the first snapshot would come back with no members and never campaign.
    const initial = bootstrapState(options.bootstrap)
    await options.storage.compact(initial.snapshot, 1)
    return initial
  }
  const { snapshot, hardState, entries } = stored
  const machine = options.stateMachine
  if (machine.appliedIndex < snapshot.index) {
    const reader = await options.snapshots.open(snapshot.index)
    if (reader === undefined) {
      throw new RaftStorageCorruption(`the log starts after the snapshot at ${snapshot.index}, but the state machine holds entries only up to ${machine.appliedIndex} and no snapshot file holds the rest`)
    }
    await machine.restore(snapshot.index, reader.records())
  }
  const applied = Math.max(snapshot.index, machine.appliedIndex)
  const lastIndex = entries.at(-1)?.index ?? snapshot.index
  if (applied > lastIndex) {
    throw new RaftStorageCorruption(`the state machine applied ${applied}, past the last stored entry ${lastIndex}`)
  }
  // The stored commit may lag (commit-only changes are not written at once); what was applied was committed.
  return { hardState: { ...hardState, commit: Math.max(hardState.commit, applied) }, snapshot, entries, applied }
}
