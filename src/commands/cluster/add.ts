import { Args, Flags } from '@oclif/core'
import { planAdd } from '../../ops/admin/membership-plan.js'
import { runChange, type ChangeOutcome } from '../../ops/admin/run-change.js'
import { adminContext, adminFlags } from '../../ops/cli/admin-flags.js'
import { NornicCommand } from '../../ops/cli/base-command.js'
import { changeFlags, waitMsOf } from '../../ops/cli/change-flags.js'
import { EXIT_NOT_CONVERGED, renderChangeOutcome } from '../../ops/cli/render-change.js'

export default class ClusterAdd extends NornicCommand<ChangeOutcome> {
  static override summary = 'Add a node to a raft cluster'
  static override description = `The new node joins as a non-voter, catches up (by snapshot if the log was compacted) and is then promoted to
voter, unless --non-voter. Start the new node first with bootstrap off. Any node will do: the change is sent
once to the node that answers, which forwards it to the leader.`

  static override examples = [
    { description: 'Add node-4 as a voter', command: '<%= config.bin %> cluster add node-4 node4:7000' },
    { description: 'See whether it is safe first', command: '<%= config.bin %> cluster add node-4 node4:7000 --dry-run' },
    { description: 'Add a read replica that never votes', command: '<%= config.bin %> cluster add node-5 node5:7000 --non-voter --json' },
  ]

  static override args = {
    nodeId: Args.string({ description: 'The new node\'s id (its NORNICDB_CLUSTER_NODE_ID)', required: true }),
    address: Args.string({ description: 'Its cluster address, host:port (its NORNICDB_CLUSTER_ADVERTISE_ADDR)', required: true }),
  }

  static override flags = {
    ...adminFlags,
    ...changeFlags,
    'non-voter': Flags.boolean({ description: 'Keep it a non-voter: it receives the log but never votes' }),
  }

  async run(): Promise<ChangeOutcome> {
    const { args, flags } = await this.parse(ClusterAdd)
    const voter = !flags['non-voter']
    const outcome = await runChange(adminContext(flags), {
      plan: (view) => planAdd(view, args.nodeId, args.address, voter),
      request: () => ({ path: '/admin/cluster/add', body: { node_id: args.nodeId, address: args.address, voter } }),
      converged: (view) => view.members.some((member) => member.id === args.nodeId && (!voter || member.voter !== false)),
      dryRun: flags['dry-run'], force: undefined, waitMs: waitMsOf(flags),
    })
    this.log(renderChangeOutcome(outcome))
    if (outcome.converged === false) process.exitCode = EXIT_NOT_CONVERGED
    return outcome
  }
}
