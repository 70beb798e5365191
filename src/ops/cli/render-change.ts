import chalk from 'chalk'
import type { ChangeOutcome } from '../admin/run-change.js'
import { renderClusterView } from './render-cluster.js'

/** Exit code when a change was accepted but did not take effect within --wait-timeout. */
export const EXIT_NOT_CONVERGED = 3

/** What a change command prints for a person: the plan, then the cluster before and after. */
export function renderChangeOutcome(outcome: ChangeOutcome): string {
  const { plan } = outcome
  const lines: string[] = []
  if (outcome.dryRun) {
    lines.push(`would ${plan.action}`)
    lines.push(`voters ${plan.votersBefore} -> ${plan.votersAfter}; quorum after: ${plan.quorumAfter}, healthy voters after: ${plan.healthyVotersAfter}`)
    lines.push(plan.alreadyDone ? 'nothing to do: the cluster already looks like that' : plan.safe ? chalk.green('safe now') : chalk.red(`unsafe now: ${plan.reasons.join('; ')}`))
    return lines.join('\n')
  }
  if (plan.alreadyDone) return `nothing to do: ${plan.action} is already the case`
  lines.push(`${plan.action}: ${outcome.converged === false ? chalk.yellow('accepted, not yet in effect') : chalk.green(outcome.converged ? 'done' : 'accepted')}`)
  lines.push(chalk.bold('before'), renderClusterView(outcome.before))
  if (outcome.after !== null) lines.push(chalk.bold('after'), renderClusterView(outcome.after))
  return lines.join('\n')
}
