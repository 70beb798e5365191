import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { replaceFileDurably } from '../durable-file.js'
import type { EpochRecord } from './epoch-history.js'

export type HaRole = 'primary' | 'standby' | 'fenced'

/**
 * What a node must remember across restarts so that a promotion is never undone: its epoch (raised by
 * each promotion), its role in that epoch, and the epoch history. A node that learnt of a newer epoch
 * restarts as standby whatever NORNICDB_CLUSTER_HA_ROLE says.
 */
export interface HaState {
  readonly epoch: number
  readonly role: HaRole
  readonly history: readonly EpochRecord[]
}

const STATE_FILE = 'ha-state.json'

/** The state file in the cluster data dir, replaced atomically (write, fsync, rename, fsync the dir). */
export class HaStateFile {
  #saving: Promise<void> = Promise.resolve()

  private constructor(
    private readonly dir: string,
    private current: HaState,
  ) {}

  /** Loads the saved state, or starts a new cluster's: epoch 1 with the configured role. */
  static async load(dir: string, configuredRole: 'primary' | 'standby'): Promise<{ file: HaStateFile; created: boolean }> {
    await mkdir(dir, { recursive: true })
    try {
      const saved = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as HaState
      return { file: new HaStateFile(dir, saved), created: false }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    const initial: HaState = { epoch: 1, role: configuredRole, history: [{ epoch: 1, startIndex: 1 }] }
    const file = new HaStateFile(dir, initial)
    await file.save(initial)
    return { file, created: true }
  }

  get state(): HaState {
    return this.current
  }

  /** Saves are queued, so the file always ends with the last state handed in. */
  save(state: HaState): Promise<void> {
    this.current = state
    const saved = this.#saving.then(() => this.#write(state))
    this.#saving = saved.catch(() => undefined)
    return saved
  }

  async #write(state: HaState): Promise<void> {
    await replaceFileDurably(this.dir, STATE_FILE, JSON.stringify(state))
  }
}
