import { isNornicError, NornicError } from '../../errors/index.js'
import type { AdminContext } from '../cli/admin-flags.js'
import { clusterView, type ClusterView } from './cluster-view.js'

/**
 * The cluster as the best-placed reachable node sees it. All given nodes are asked at once; the
 * leader's (or primary's) answer wins, since only it knows every member's match index, lag and last
 * contact; otherwise the first answer in the order given.
 */
export async function fetchClusterView({ client, nodes }: AdminContext): Promise<ClusterView> {
  const answers = await Promise.allSettled(nodes.map((node) => client.get<Record<string, unknown>>(node, '/admin/cluster/status')))
  const views: ClusterView[] = []
  const unreachable: string[] = []
  for (const answer of answers) {
    if (answer.status === 'fulfilled') views.push(clusterView(answer.value.body, answer.value.node))
    else if (isNornicError(answer.reason) && answer.reason.code === 'Nornic.Cli.NodeUnreachable') unreachable.push(answer.reason.message)
    else throw answer.reason
  }
  const fromLeader = views.find((view) => view.leader !== null && view.members[0]?.id === view.leader.id)
  const chosen = fromLeader ?? views[0]
  if (chosen !== undefined) return chosen
  throw new NornicError('Nornic.Cli.NodeUnreachable', unreachable.length === 1 ? (unreachable[0] as string) : `no node answered: ${unreachable.join('; ')}`)
}
