import { Flags } from '@oclif/core'
import chalk from 'chalk'
import { duration } from '../config/parsers.js'
import { NornicError } from '../errors/index.js'
import { promoteStandby, type PromoteOutcome } from '../ops/admin/promote.js'
import { adminContext, adminFlags } from '../ops/cli/admin-flags.js'
import { NornicCommand } from '../ops/cli/base-command.js'

const waitParser = duration(0, 3_600_000)

/** Exit code when the promotion was accepted but the node did not report primary within --wait. */
export const EXIT_NOT_CONVERGED = 3

export default class Promote extends NornicCommand<PromoteOutcome> {
  static override summary = 'Promote a hot standby to primary'
  static override description = `Sends POST /admin/promote to the standby. The standby fences the old primary first; when it cannot reach
it, the promotion is refused unless --force is given, because two primaries could then both take writes.
Waits until the standby reports primary and prints the role of every node given. Exit codes: 0 promoted,
1 refused or failed, 3 accepted but not primary within --wait.`

  static override examples = [
    { description: 'Promote the standby of the guide\'s compose file', command: '<%= config.bin %> promote --node http://localhost:7475' },
    { description: 'Give both nodes; the standby is found by its role', command: '<%= config.bin %> promote --node http://localhost:7474,http://localhost:7475' },
    { description: 'The primary is gone for good: promote without fencing', command: '<%= config.bin %> promote --node http://localhost:7475 --force' },
  ]

  static override flags = {
    ...adminFlags,
    force: Flags.boolean({ description: 'Promote even when the old primary cannot be fenced (risk of split brain)' }),
    wait: Flags.string({ description: 'How long to wait for the standby to report primary', default: '30s' }),
  }

  async run(): Promise<PromoteOutcome> {
    const { flags } = await this.parse(Promote)
    const waitMs = waitParser.parse(flags.wait)
    if (waitMs === undefined) throw new NornicError('Nornic.Cli.Usage', `--wait ${flags.wait}: expected ${waitParser.allowed}`)
    const outcome = await promoteStandby(adminContext(flags), { force: flags.force, waitMs })
    if (outcome.message) this.log(outcome.message)
    for (const role of outcome.roles) {
      const name = role.nodeId ?? role.node
      this.log(`${name} (${role.node}): ${role.role === 'primary' ? chalk.bold.green(role.role) : role.role}${role.epoch === null ? '' : ` at epoch ${role.epoch}`}`)
    }
    if (!outcome.converged) {
      this.warn(`${outcome.promoted} accepted the promotion but did not report primary within ${flags.wait}`)
      process.exitCode = EXIT_NOT_CONVERGED
    }
    return outcome
  }
}
