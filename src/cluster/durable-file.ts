import { open, rename } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Replaces `dir/name` with `content` so that a crash leaves either the old file or the new one:
 * written to a temporary file, fsynced, renamed over, then the directory fsynced so the rename
 * itself survives.
 */
export async function replaceFileDurably(dir: string, name: string, content: string): Promise<void> {
  const path = join(dir, name)
  const temporary = `${path}.new`
  const file = await open(temporary, 'w')
  try {
    await file.write(content)
    await file.sync()
  } finally {
    await file.close()
  }
  await rename(temporary, path)
  const directory = await open(dir, 'r')
  try {
    await directory.sync()
  } finally {
    await directory.close()
  }
}
