import { portIsFree } from '../../../src/ops/local-cluster/free-base-port.js'

/**
 * Drawn below Linux's default ephemeral range (32768 up), where the OS would hand a port it just
 * reported free to an outgoing connection before the node listens on it; and below the range
 * local clusters draw their base port from (20000 up).
 */
const LOWEST = 10_000
const HIGHEST = 19_999
const handedOut = new Set<number>()

/** A port that was free on 127.0.0.1 a moment ago and that this process has not handed out before. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST + 1))
    if (handedOut.has(port) || !(await portIsFree(port))) continue
    handedOut.add(port)
    return port
  }
  throw new Error(`no free port on 127.0.0.1 between ${LOWEST} and ${HIGHEST}`)
}
