import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { replaceFileDurably } from '../cluster/durable-file.js'

const NODE_ID_FILE = 'node-id'

/**
 * The node id kept in the data dir: made once, on the first start without a configured id, and read
 * back on every later start, so a node keeps its identity across restarts.
 */
export async function loadOrCreateNodeId(dataDir: string): Promise<{ nodeId: string; created: boolean }> {
  const path = join(dataDir, NODE_ID_FILE)
  try {
    const stored = (await readFile(path, 'utf8')).trim()
    if (stored) return { nodeId: stored, created: false }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const nodeId = `node-${randomBytes(4).toString('hex')}`
  await replaceFileDurably(dataDir, NODE_ID_FILE, `${nodeId}\n`)
  return { nodeId, created: true }
}
