import { isNornicError, NornicError } from '../../errors/index.js'
import type { AdminAnswer } from './admin-client.js'

/**
 * Asks the nodes one after the other and returns the first answer. A node that cannot be reached is
 * skipped; when none answers, the error lists every node and why. Other errors (bad credentials, a
 * refusal) are the cluster's answer and are thrown at once.
 */
export async function firstAnswer<T>(nodes: readonly string[], ask: (node: string) => Promise<AdminAnswer<T>>): Promise<AdminAnswer<T>> {
  const failures: string[] = []
  for (const node of nodes) {
    try {
      return await ask(node)
    } catch (error) {
      if (!(isNornicError(error) && error.code === 'Nornic.Cli.NodeUnreachable')) throw error
      failures.push(error.message)
    }
  }
  if (failures.length === 1) throw new NornicError('Nornic.Cli.NodeUnreachable', failures[0] as string)
  throw new NornicError('Nornic.Cli.NodeUnreachable', `no node answered: ${failures.join('; ')}`)
}
