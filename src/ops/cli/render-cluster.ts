import chalk from 'chalk'
import Table from 'cli-table3'
import type { ClusterView, MemberView } from '../admin/cluster-view.js'

const dash = chalk.dim('-')
const show = (value: number | string | null): string => (value === null ? dash : String(value))

function roleText(member: MemberView, leaderId: string | undefined): string {
  const role = member.role ?? dash
  return member.id === leaderId ? chalk.bold.green(role) : role
}

/** The header and the member table of `nornic cluster status`, for a person. */
export function renderClusterView(view: ClusterView): string {
  const writer = view.leader === null ? chalk.red('none') : chalk.bold(view.leader.id)
  const header = [
    `cluster ${view.clusterId ?? dash}  mode ${view.mode}  ${view.mode === 'ha_standby' ? 'primary' : 'leader'} ${writer}`,
    view.term !== null ? `term ${view.term}` : view.epoch !== null ? `epoch ${view.epoch}` : '',
  ].filter((part) => part !== '').join('  ')
  const table = new Table({
    head: ['node', 'address', 'role', 'healthy', 'voter', 'commit', 'applied', 'match', 'lag', 'last contact'].map((title) => chalk.bold(title)),
    style: { head: [], border: [], compact: true },
  })
  for (const member of view.members) {
    table.push([
      member.id,
      show(member.address),
      roleText(member, view.leader?.id),
      member.healthy ? chalk.green('yes') : chalk.red('no'),
      member.voter === null ? dash : member.voter ? 'yes' : 'no',
      show(member.commitIndex),
      show(member.appliedIndex),
      show(member.matchIndex),
      show(member.lagEntries),
      member.lastContactMs === null ? dash : `${member.lastContactMs} ms`,
    ])
  }
  const verdict = view.healthy ? chalk.green('healthy') : chalk.red(view.leader === null ? 'no leader or primary' : 'a member is unhealthy')
  return `${header}\n${table.toString()}\n${verdict} (answered by ${view.answeredBy})`
}
