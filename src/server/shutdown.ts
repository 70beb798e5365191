import type { Logger } from './logger.js'
import type { RunningNode } from './node.js'

const SIGNALS = ['SIGINT', 'SIGTERM'] as const

/**
 * Resolves once the node has stopped after SIGINT or SIGTERM. The first signal stops it gracefully
 * within `timeoutMs`; a second signal, or a stop that overruns, exits at once with a non-zero code.
 */
export function runUntilSignalled(node: RunningNode, timeoutMs: number, logger: Logger): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        logger.warn({ signal }, `${signal} again: exiting at once`)
        process.exit(130)
      }
      stopping = true
      logger.info({ signal }, `${signal} received: stopping ${node.nodeId} (finishing in-flight requests, at most ${timeoutMs} ms)`)
      const overrun = setTimeout(() => {
        logger.error(`graceful stop took longer than ${timeoutMs} ms (NORNICDB_SHUTDOWN_TIMEOUT): exiting`)
        process.exit(1)
      }, timeoutMs)
      node.stop().then(
        () => {
          clearTimeout(overrun)
          for (const name of SIGNALS) process.off(name, onSignal)
          logger.info(`${node.nodeId} stopped`)
          resolve()
        },
        (error: unknown) => {
          clearTimeout(overrun)
          reject(error)
        },
      )
    }
    for (const name of SIGNALS) process.on(name, onSignal)
  })
}
