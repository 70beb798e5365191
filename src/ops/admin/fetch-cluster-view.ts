import type { AdminContext } from '../cli/admin-flags.js'
import { clusterView, type ClusterView } from './cluster-view.js'
import { firstAnswer } from './first-answer.js'

/** The cluster as the first reachable node sees it. */
export async function fetchClusterView({ client, nodes }: AdminContext): Promise<ClusterView> {
  const answer = await firstAnswer(nodes, (node) => client.get<Record<string, unknown>>(node, '/admin/cluster/status'))
  return clusterView(answer.body, answer.node)
}
