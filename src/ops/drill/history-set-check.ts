/**
 * The insert-only set check of a drill: clients `add` unique values to a set (its `key`), and at the
 * end every node's whole set is read. An acknowledged add missing from a node's final read is a
 * lost write; a value present that no op added, or whose add surely failed, is unexpected; an add
 * whose outcome is unknown (`info`) may be present or not.
 */
import { valueKey, type Operation } from './history.js'

/** What one node held in one set at the end. */
export interface FinalSetRead {
  readonly node: string
  readonly key: string
  readonly values: readonly unknown[]
}

export interface LostAdd {
  readonly key: string
  readonly value: unknown
  readonly operation: Operation
  /** The nodes whose final read lacks it. */
  readonly missingOn: readonly string[]
}

export interface UnexpectedValue {
  readonly key: string
  readonly value: unknown
  readonly node: string
  /** `never-added`: no op added it; `failed`: its add was recorded as surely not done. */
  readonly reason: 'never-added' | 'failed'
}

export interface SetCheckResult {
  /** No lost add, no unexpected or duplicated value, and a final read for every set. */
  readonly ok: boolean
  readonly attempted: number
  readonly acknowledged: number
  readonly lost: readonly LostAdd[]
  readonly unexpected: readonly UnexpectedValue[]
  /** A value listed twice in one node's read of a set that holds each value once. */
  readonly duplicated: readonly { readonly key: string; readonly value: unknown; readonly node: string }[]
  /** Sets with adds but no final read: nothing about them can be proven. */
  readonly unread: readonly string[]
  /** `info` adds found on at least one node (they took effect after all) and those found on none. */
  readonly infoPresent: number
  readonly infoAbsent: number
  /**
   * `info` adds present on some nodes and missing on others. Not a failure here: whether nodes
   * agree is the convergence check's to judge, after it waits for them to catch up.
   */
  readonly divergent: readonly { readonly key: string; readonly value: unknown; readonly presentOn: readonly string[] }[]
}

/**
 * The final read of each node and set: the last acknowledged `read` of a key that has `add`s, per
 * node (by invoke time), whose value is the list of elements.
 */
export function finalSetReads(operations: readonly Operation[]): FinalSetRead[] {
  const setKeys = new Set(operations.filter((operation) => operation.f === 'add').map((operation) => operation.key))
  const last = new Map<string, Operation>()
  for (const operation of operations) {
    if (operation.f !== 'read' || operation.outcome !== 'ok' || !setKeys.has(operation.key) || !Array.isArray(operation.value)) continue
    const slot = `${operation.node}\u0000${operation.key}`
    const previous = last.get(slot)
    if (previous === undefined || previous.invokeTime <= operation.invokeTime) last.set(slot, operation)
  }
  return [...last.values()].map((operation) => ({ node: operation.node, key: operation.key, values: operation.value as unknown[] }))
}

export function checkInsertOnlySet(operations: readonly Operation[], finalReads: readonly FinalSetRead[] = finalSetReads(operations)): SetCheckResult {
  const adds = operations.filter((operation) => operation.f === 'add')
  const addsByValue = new Map<string, Operation[]>()
  for (const add of adds) {
    const slot = `${add.key}\u0000${valueKey(add.value)}`
    addsByValue.set(slot, [...(addsByValue.get(slot) ?? []), add])
  }
  const readsByKey = new Map<string, { node: string; present: Set<string> }[]>()
  const unexpected: UnexpectedValue[] = []
  const duplicated: { key: string; value: unknown; node: string }[] = []
  for (const read of finalReads) {
    const present = new Set<string>()
    for (const value of read.values) {
      const text = valueKey(value)
      if (present.has(text)) duplicated.push({ key: read.key, value, node: read.node })
      present.add(text)
      const attempts = addsByValue.get(`${read.key}\u0000${text}`) ?? []
      if (attempts.length === 0) unexpected.push({ key: read.key, value, node: read.node, reason: 'never-added' })
      else if (attempts.every((attempt) => attempt.outcome === 'fail')) unexpected.push({ key: read.key, value, node: read.node, reason: 'failed' })
    }
    readsByKey.set(read.key, [...(readsByKey.get(read.key) ?? []), { node: read.node, present }])
  }

  const lost: LostAdd[] = []
  const divergent: { key: string; value: unknown; presentOn: string[] }[] = []
  const unread = new Set<string>()
  let infoPresent = 0
  let infoAbsent = 0
  for (const add of adds) {
    const reads = readsByKey.get(add.key)
    if (reads === undefined) {
      unread.add(add.key)
      continue
    }
    const text = valueKey(add.value)
    const presentOn = reads.filter((read) => read.present.has(text)).map((read) => read.node)
    const missingOn = reads.filter((read) => !read.present.has(text)).map((read) => read.node)
    if (add.outcome === 'ok' && missingOn.length > 0) lost.push({ key: add.key, value: add.value, operation: add, missingOn })
    if (add.outcome !== 'info') continue
    if (presentOn.length > 0) infoPresent += 1
    else infoAbsent += 1
    if (presentOn.length > 0 && missingOn.length > 0) divergent.push({ key: add.key, value: add.value, presentOn })
  }

  return {
    ok: lost.length === 0 && unexpected.length === 0 && duplicated.length === 0 && unread.size === 0,
    attempted: adds.length,
    acknowledged: adds.filter((add) => add.outcome === 'ok').length,
    lost,
    unexpected,
    duplicated,
    unread: [...unread].sort(),
    infoPresent,
    infoAbsent,
    divergent,
  }
}
