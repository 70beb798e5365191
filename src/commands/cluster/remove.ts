import { Args, Flags } from '@oclif/core'
import { planRemove } from '../../ops/admin/membership-plan.js'
import { runChange, type ChangeOutcome } from '../../ops/admin/run-change.js'
import { adminContext, adminFlags } from '../../ops/cli/admin-flags.js'
import { NornicCommand } from '../../ops/cli/base-command.js'
import { changeFlags, waitMsOf } from '../../ops/cli/change-flags.js'
import { EXIT_NOT_CONVERGED, renderChangeOutcome } from '../../ops/cli/render-change.js'

export default class ClusterRemove extends NornicCommand<ChangeOutcome> {
  static override summary = 'Remove a node from a raft cluster'
  static override description = `Refused, with the reason, when the cluster would then lose its quorum given who is healthy now, unless
--force. Removing a node that is already gone succeeds and says so. A leader that removes itself steps
down once the change is committed.`

  static override examples = [
    { description: 'Remove node-4', command: '<%= config.bin %> cluster remove node-4' },
    { description: 'See whether the cluster keeps its quorum', command: '<%= config.bin %> cluster remove node-3 --dry-run' },
    { description: 'Remove a dead node even though the quorum is at risk', command: '<%= config.bin %> cluster remove node-3 --force' },
  ]

  static override args = {
    nodeId: Args.string({ description: 'The id of the node to remove', required: true }),
  }

  static override flags = {
    ...adminFlags,
    ...changeFlags,
    force: Flags.boolean({ description: 'Remove even when the cluster may lose its quorum' }),
  }

  async run(): Promise<ChangeOutcome> {
    const { args, flags } = await this.parse(ClusterRemove)
    const outcome = await runChange(adminContext(flags), {
      plan: (view) => planRemove(view, args.nodeId),
      request: () => ({ path: '/admin/cluster/remove', body: { node_id: args.nodeId } }),
      converged: (view) => !view.members.some((member) => member.id === args.nodeId),
      dryRun: flags['dry-run'], force: flags.force, waitMs: waitMsOf(flags),
    })
    this.log(renderChangeOutcome(outcome))
    if (outcome.converged === false) process.exitCode = EXIT_NOT_CONVERGED
    return outcome
  }
}
