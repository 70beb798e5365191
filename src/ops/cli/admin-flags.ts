import { Flags } from '@oclif/core'
import chalk from 'chalk'
import { cliEnvironment } from '../../config/index.js'
import { duration } from '../../config/parsers.js'
import { NornicError } from '../../errors/index.js'
import { AdminClient } from '../admin/admin-client.js'

const DEFAULT_NODE = 'http://127.0.0.1:7474'
const timeoutParser = duration(100, 600_000)

/** The flags every operator command shares: where the nodes are, how long to wait, who we are. */
export const adminFlags = {
  node: Flags.string({
    description: `Node HTTP URL; repeat it or separate with commas; any reachable node will do [env: NORNIC_NODES; default: ${DEFAULT_NODE}]`,
    multiple: true, helpValue: 'URL', helpGroup: 'CONNECTION',
  }),
  timeout: Flags.string({ description: 'How long to wait for a node to answer', default: '5s', helpGroup: 'CONNECTION' }),
  user: Flags.string({ description: 'User for the admin endpoints [env: NORNIC_USER; default: admin]', helpGroup: 'CONNECTION' }),
  password: Flags.string({ description: 'Password for the admin endpoints [env: NORNIC_PASSWORD; default: admin]', helpGroup: 'CONNECTION' }),
  color: Flags.boolean({ description: 'Colour in tables (NO_COLOR also turns it off)', allowNo: true, default: true, helpGroup: 'GLOBAL' }),
}

export interface AdminContext {
  readonly client: AdminClient
  readonly nodes: readonly string[]
  readonly timeoutMs: number
}

interface ParsedAdminFlags {
  readonly node?: string[]
  readonly timeout: string
  readonly user?: string
  readonly password?: string
  readonly color: boolean
}

function nodeUrl(text: string): string {
  const withScheme = /^https?:\/\//.test(text) ? text : `http://${text}`
  try {
    return new URL(withScheme).origin
  } catch {
    throw new NornicError('Nornic.Cli.Usage', `--node ${text} is not a URL such as ${DEFAULT_NODE}`)
  }
}

export function adminContext(flags: ParsedAdminFlags): AdminContext {
  if (!flags.color) chalk.level = 0
  const env = cliEnvironment()
  const timeoutMs = timeoutParser.parse(flags.timeout)
  if (timeoutMs === undefined) throw new NornicError('Nornic.Cli.Usage', `--timeout ${flags.timeout}: expected ${timeoutParser.allowed}`)
  const given = (flags.node ?? []).flatMap((entry) => entry.split(',')).map((entry) => entry.trim()).filter((entry) => entry !== '')
  const nodes = (given.length > 0 ? given : env.nodes.length > 0 ? env.nodes : [DEFAULT_NODE]).map(nodeUrl)
  const client = new AdminClient({ timeoutMs, user: flags.user ?? env.user ?? 'admin', password: flags.password ?? env.password ?? 'admin' })
  return { client, nodes: [...new Set(nodes)], timeoutMs }
}
