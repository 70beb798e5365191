import { Flags } from '@oclif/core'
import { planTransfer } from '../../ops/admin/membership-plan.js'
import { runChange, type ChangeOutcome } from '../../ops/admin/run-change.js'
import { adminContext, adminFlags } from '../../ops/cli/admin-flags.js'
import { NornicCommand } from '../../ops/cli/base-command.js'
import { changeFlags, waitMsOf } from '../../ops/cli/change-flags.js'
import { EXIT_NOT_CONVERGED, renderChangeOutcome } from '../../ops/cli/render-change.js'

export default class ClusterTransferLeadership extends NornicCommand<ChangeOutcome> {
  static override summary = 'Move raft leadership to another node'
  static override description = `The leader catches the target up and hands over; writes pause for about one round trip. Without --to,
the healthy voter that is least behind is chosen. Waits until the new leader is in place.`

  static override examples = [
    { description: 'Hand leadership to the most up-to-date follower (before restarting the leader)', command: '<%= config.bin %> cluster transfer-leadership' },
    { description: 'Make node-2 the leader', command: '<%= config.bin %> cluster transfer-leadership --to node-2' },
    { description: 'Check whether node-3 could take over', command: '<%= config.bin %> cluster transfer-leadership --to node-3 --dry-run --json' },
  ]

  static override flags = {
    ...adminFlags,
    ...changeFlags,
    to: Flags.string({ description: 'The node that should lead', helpValue: 'NODE_ID' }),
  }

  async run(): Promise<ChangeOutcome> {
    const { flags } = await this.parse(ClusterTransferLeadership)
    let target: string | null = null
    const outcome = await runChange(adminContext(flags), {
      plan: (view) => {
        const plan = planTransfer(view, flags.to)
        target = plan.target
        return plan
      },
      request: () => ({ path: '/admin/cluster/transfer-leadership', body: target === null ? {} : { target } }),
      converged: (view) => view.leader !== null && view.leader.id === target,
      dryRun: flags['dry-run'], force: undefined, waitMs: waitMsOf(flags),
    })
    this.log(renderChangeOutcome(outcome))
    if (outcome.converged === false) process.exitCode = EXIT_NOT_CONVERGED
    return outcome
  }
}
