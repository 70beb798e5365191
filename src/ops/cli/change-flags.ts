import { Flags } from '@oclif/core'
import { duration } from '../../config/parsers.js'
import { NornicError } from '../../errors/index.js'

const waitParser = duration(100, 3_600_000)

/** The flags of commands that change a cluster: wait for it, or only say what would happen. */
export const changeFlags = {
  wait: Flags.boolean({ description: 'Wait until the change has taken effect, then show the cluster before and after', allowNo: true, default: true }),
  'wait-timeout': Flags.string({ description: 'How long --wait waits before exiting 3', default: '30s' }),
  'dry-run': Flags.boolean({ description: 'Say what would happen and whether it is safe; change nothing' }),
}

export function waitMsOf(flags: { wait: boolean; 'wait-timeout': string }): number {
  if (!flags.wait) return 0
  const waitMs = waitParser.parse(flags['wait-timeout'])
  if (waitMs === undefined) throw new NornicError('Nornic.Cli.Usage', `--wait-timeout ${flags['wait-timeout']}: expected ${waitParser.allowed}`)
  return waitMs
}
