/**
 * The five safety checks of a drill, from what it recorded: the history (with each node's final
 * read of the set), the status samples and the final state of every node. Pure, so a doctored
 * history proves each check can fail.
 */
import type { ConvergenceResult } from './convergence.js'
import { checkInsertOnlySet } from './history-set-check.js'
import { pairOperations, type HistoryEvent } from './history.js'
import { checkRegisters } from './linearizability/index.js'
import { findSplitBrains, type StatusSample } from './status-sampler.js'

export const CHECK_NAMES = ['lost-writes', 'unexpected-values', 'linearizable-registers', 'one-writer-per-term', 'convergence'] as const
export type CheckName = (typeof CHECK_NAMES)[number]

export interface CheckResult {
  readonly name: CheckName
  readonly ok: boolean
  /** One line for the report; on failure, what went wrong and where. */
  readonly detail: string
}

export interface CheckInputs {
  readonly events: readonly HistoryEvent[]
  readonly samples: readonly StatusSample[]
  readonly convergence: ConvergenceResult
  /** Bounds the register search; a search that runs out fails the check as unknown. */
  readonly linearizabilityTimeLimitMs?: number
}

const MAX_LISTED = 5
const list = (items: readonly string[]): string => `${items.slice(0, MAX_LISTED).join(', ')}${items.length > MAX_LISTED ? ` and ${items.length - MAX_LISTED} more` : ''}`

export function runChecks(inputs: CheckInputs): CheckResult[] {
  const operations = pairOperations(inputs.events)
  const set = checkInsertOnlySet(operations)
  const registers = checkRegisters(operations, inputs.linearizabilityTimeLimitMs === undefined ? {} : { timeLimitMs: inputs.linearizabilityTimeLimitMs })
  const splitBrains = findSplitBrains(inputs.samples)

  const lostOk = set.lost.length === 0 && set.unread.length === 0
  const lostDetail = set.lost.length > 0
    ? `${set.lost.length} acknowledged adds missing: ${list(set.lost.map((lost) => `${JSON.stringify(lost.value)} on ${lost.missingOn.join('+')}`))}`
    : set.unread.length > 0
      ? `no final read of ${set.unread.join(', ')}, so nothing about it is proven`
      : `${set.acknowledged} acknowledged adds present on every node (${set.infoPresent} of ${set.infoPresent + set.infoAbsent} in doubt took effect)`
  const unexpectedOk = set.unexpected.length === 0 && set.duplicated.length === 0
  const unexpectedDetail = set.unexpected.length > 0
    ? `${set.unexpected.length} values nobody wrote, or whose write surely failed: ${list(set.unexpected.map((value) => `${JSON.stringify(value.value)} on ${value.node} (${value.reason})`))}`
    : set.duplicated.length > 0
      ? `${set.duplicated.length} values stored twice: ${list(set.duplicated.map((value) => `${JSON.stringify(value.value)} on ${value.node}`))}`
      : 'no value appeared that was not written'
  const registerDetail = registers.verdict === 'linearizable'
    ? `${registers.keys} keys linearizable (${registers.configurations} configurations searched)`
    : registers.verdict === 'not-linearizable'
      ? registers.explanation.message
      : `key ${registers.key}: could not decide (${registers.reason})`
  const splitDetail = splitBrains.length === 0
    ? `${new Set(inputs.samples.filter((sample) => sample.writer).map((sample) => sample.term)).size} terms or epochs, one writer each`
    : `two writers in one term or epoch: ${list(splitBrains.map((split) => `${split.term}: ${split.writers.join(' and ')}`))}`
  const convergenceDetail = inputs.convergence.ok
    ? `${inputs.convergence.nodes.length} nodes at applied index ${inputs.convergence.nodes[0]?.appliedIndex ?? '?'}, checksum ${inputs.convergence.nodes[0]?.checksum?.slice(0, 12) ?? '?'}`
    : inputs.convergence.problem ?? 'the nodes did not converge'

  return [
    { name: 'lost-writes', ok: lostOk, detail: lostDetail },
    { name: 'unexpected-values', ok: unexpectedOk, detail: unexpectedDetail },
    { name: 'linearizable-registers', ok: registers.ok, detail: registerDetail },
    { name: 'one-writer-per-term', ok: splitBrains.length === 0, detail: splitDetail },
    { name: 'convergence', ok: inputs.convergence.ok, detail: convergenceDetail },
  ]
}
