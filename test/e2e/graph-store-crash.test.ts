import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { openLevelGraphStore } from '../../src/graph/store/level-graph-store.js'

const WRITER = fileURLToPath(new URL('./fixtures/graph-store-writer.ts', import.meta.url))
/** Generous: the child starts tsx and fsyncs every command on a loaded machine. */
const ACK_WAIT_MS = 60_000

/**
 * Starts the writer, waits until it has acknowledged `acksBeforeKill` commands, kills it with
 * SIGKILL and returns the last index it acknowledged (read after the kill, so none is missed).
 */
async function writeThenKill(dir: string, acksBeforeKill: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir], { stdio: ['ignore', 'pipe', 'inherit'] })
  try {
    let lastAcked = 0
    let acks = 0
    let killed = false
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    // Lines already in the pipe when the kill lands are acknowledgements too: read to its end.
    const drained = new Promise<void>((resolve) => child.stdout?.once('close', () => resolve()))
    const lines = createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`writer acknowledged ${acks} commands in ${ACK_WAIT_MS} ms`)), ACK_WAIT_MS)
      child.once('exit', (code, signal) => {
        clearTimeout(timer)
        if (!killed) reject(new Error(`writer exited early (code ${code}, signal ${signal})`))
      })
      lines.on('line', (line) => {
        const match = /^acked (\d+)$/.exec(line)
        if (match === null) return
        lastAcked = Number(match[1])
        acks++
        if (acks === acksBeforeKill) {
          clearTimeout(timer)
          killed = true
          child.kill('SIGKILL')
          resolve()
        }
      })
    })
    await Promise.all([exited, drained])
    return lastAcked
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
}

async function assertHoldsEveryAcknowledged(dir: string, lastAcked: number): Promise<number> {
  const store = await openLevelGraphStore(dir)
  try {
    const applied = store.appliedIndex
    assert.ok(applied >= lastAcked, `appliedIndex ${applied} is behind the last acknowledged command ${lastAcked}`)
    await store.read(async (reader) => {
      const seen: bigint[] = []
      for await (const node of reader.nodesByLabel('Entry')) seen.push(node.properties.i as bigint)
      // Every command up to appliedIndex is there, whole, once, and nothing beyond it.
      assert.deepEqual(seen, Array.from({ length: applied }, (_, i) => BigInt(i + 1)))
      assert.deepEqual(await reader.counts(), { nodes: applied, relationships: applied - 1 })
    })
    return applied
  } finally {
    await store.close()
  }
}

describe('graph store survives kill -9', () => {
  let dir: string
  before(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'nornic-crash-')), 'graph')
  })
  after(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true })
  })

  it('keeps every acknowledged write through two SIGKILLs mid-stream', { timeout: 4 * ACK_WAIT_MS }, async () => {
    const firstAcked = await writeThenKill(dir, 40)
    const firstApplied = await assertHoldsEveryAcknowledged(dir, firstAcked)
    const secondAcked = await writeThenKill(dir, 40)
    assert.ok(secondAcked > firstApplied)
    await assertHoldsEveryAcknowledged(dir, secondAcked)
  })
})
