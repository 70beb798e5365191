import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { NornicError } from '../../errors/index.js'

/** What `nornic cluster up --detach` leaves behind so that `nornic cluster down` can stop the nodes. */
export interface LocalClusterState {
  readonly mode: string
  readonly startedAt: string
  readonly nodes: readonly { readonly nodeId: string; readonly pid: number; readonly httpUrl: string; readonly dataDir: string }[]
}

const STATE_FILE = 'nornic-cluster.json'

export function stateFilePath(dataDir: string): string {
  return join(dataDir, STATE_FILE)
}

export function writeClusterState(dataDir: string, state: LocalClusterState): void {
  writeFileSync(stateFilePath(dataDir), `${JSON.stringify(state, null, 2)}\n`)
}

/** The recorded cluster, or undefined when none was recorded there. */
export function readClusterState(dataDir: string): LocalClusterState | undefined {
  let text: string
  try {
    text = readFileSync(stateFilePath(dataDir), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    return JSON.parse(text) as LocalClusterState
  } catch {
    throw new NornicError('Neo.ClientError.Request.InvalidFormat', `${stateFilePath(dataDir)} is not a nornic cluster state file`)
  }
}

export function removeClusterState(dataDir: string): void {
  rmSync(stateFilePath(dataDir), { force: true })
}
