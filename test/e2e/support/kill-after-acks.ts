import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

/**
 * Runs a writer fixture (`node --import tsx <fixture> <args>`) that prints `acked <n>` once each
 * write is durable, kills it with SIGKILL after `acksBeforeKill` acknowledgements, and returns the
 * last `n` it acknowledged (read after the kill, so none that reached the pipe is missed).
 * Fails if the writer exits by itself or acknowledges too few within `ackWaitMs`.
 */
export async function runThenKill(fixture: string, args: readonly string[], acksBeforeKill: number, ackWaitMs: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  try {
    let lastAcked = 0
    let acks = 0
    let killed = false
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    const drained = new Promise<void>((resolve) => child.stdout?.once('close', () => resolve()))
    const lines = createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`writer acknowledged ${acks} writes in ${ackWaitMs} ms`)), ackWaitMs)
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
