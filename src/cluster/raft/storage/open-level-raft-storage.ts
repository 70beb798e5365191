import { mkdir } from 'node:fs/promises'
import { Level } from 'level'
import { LevelRaftStorage, type RaftLevel } from './level-raft-storage.js'

/** Opens (creating it if needed) the durable Raft log in `dir`, usually `<data-dir>/raft/log`. */
export async function openLevelRaftStorage(dir: string): Promise<LevelRaftStorage> {
  await mkdir(dir, { recursive: true })
  const db = new Level<string, string>(dir)
  await db.open()
  return new LevelRaftStorage(db as unknown as RaftLevel)
}
