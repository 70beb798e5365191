/**
 * The operation history of a drill, in Jepsen's vocabulary. A client records `invoke` before it
 * sends a request and then exactly one completion: `ok` (it happened), `fail` (it surely did not
 * happen) or `info` (the outcome is unknown: it may take effect at any time after its invoke, even
 * after the history ends). A process has at most one invoke without a completion; an invoke with
 * no completion by the end of the history counts as `info`.
 */
import { NornicError } from '../../errors/index.js'

export const EVENT_TYPES = ['invoke', 'ok', 'fail', 'info'] as const
export type EventType = (typeof EVENT_TYPES)[number]

/** `read`, `write`, `cas` act on registers; `add` (and a `read` of the whole set) on the insert-only set. */
export const OPERATION_FUNCTIONS = ['read', 'write', 'cas', 'add'] as const
export type OperationFunction = (typeof OPERATION_FUNCTIONS)[number]

export type Outcome = Exclude<EventType, 'invoke'>

/**
 * One line of the history. `value` is what the op carries: the value written, the value read (on
 * the `ok` of a read; null on its invoke), `[expected, new]` for cas, the element for add. `time`
 * is monotonic (ns or ms, one unit per history); `node` is the node the request went to.
 */
export interface HistoryEvent {
  readonly process: number
  readonly type: EventType
  readonly f: OperationFunction
  readonly key: string
  readonly value: unknown
  readonly time: number
  readonly node: string
}

/** An invoke paired with its completion. `completeTime` is undefined when the outcome is `info`. */
export interface Operation {
  /** Position of the invoke in the history (0-based), which names the op in explanations. */
  readonly index: number
  readonly process: number
  readonly f: OperationFunction
  readonly key: string
  /** The invoke's value, except for an `ok` read, where it is the value read. */
  readonly value: unknown
  readonly outcome: Outcome
  readonly invokeTime: number
  readonly completeTime: number | undefined
  readonly node: string
}

const KEYS: readonly (keyof HistoryEvent)[] = ['process', 'type', 'f', 'key', 'value', 'time', 'node']

/**
 * Checks the shape of one decoded event and returns what is wrong with it, or undefined.
 * Shared by the file reader and `pairOperations`, so a history built in memory gets the same checks.
 */
export function describeEventProblem(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'an event is a JSON object'
  const event = raw as Record<string, unknown>
  const missing = KEYS.filter((key) => !(key in event))
  if (missing.length > 0) return `missing ${missing.join(', ')}`
  const unknownKeys = Object.keys(event).filter((key) => !(KEYS as readonly string[]).includes(key))
  if (unknownKeys.length > 0) return `unknown key ${unknownKeys.join(', ')} (the keys are ${KEYS.join(', ')})`
  if (!Number.isSafeInteger(event.process)) return `process must be an integer, not ${JSON.stringify(event.process)}`
  if (!(EVENT_TYPES as readonly unknown[]).includes(event.type)) return `type must be one of ${EVENT_TYPES.join(', ')}, not ${JSON.stringify(event.type)}`
  if (!(OPERATION_FUNCTIONS as readonly unknown[]).includes(event.f)) return `f must be one of ${OPERATION_FUNCTIONS.join(', ')}, not ${JSON.stringify(event.f)}`
  if (typeof event.key !== 'string') return `key must be a string, not ${JSON.stringify(event.key)}`
  if (typeof event.time !== 'number' || !Number.isFinite(event.time)) return `time must be a finite number, not ${JSON.stringify(event.time)}`
  if (typeof event.node !== 'string') return `node must be a string, not ${JSON.stringify(event.node)}`
  if (event.f === 'cas' && !(Array.isArray(event.value) && event.value.length === 2)) return `a cas value is [expected, new], not ${JSON.stringify(event.value)}`
  return undefined
}

function invalid(index: number, problem: string): NornicError {
  return new NornicError('Neo.ClientError.Request.InvalidFormat', `history event ${index + 1}: ${problem}`, { event: index + 1 })
}

/**
 * Pairs each invoke with the next completion of the same process. Throws
 * Neo.ClientError.Request.InvalidFormat naming the event (1-based, the line of a history file)
 * when an event is malformed, a completion has no invoke, a process invokes twice without a
 * completion, a completion's f or key differs from its invoke's, or time runs backwards within an op.
 */
export function pairOperations(events: readonly HistoryEvent[]): Operation[] {
  const open = new Map<number, { event: HistoryEvent; index: number }>()
  // Indexed by the invoke's position, so the ops come out in invoke order.
  const operations: Operation[] = []
  events.forEach((event, index) => {
    const problem = describeEventProblem(event)
    if (problem !== undefined) throw invalid(index, problem)
    const pending = open.get(event.process)
    if (event.type === 'invoke') {
      if (pending !== undefined) throw invalid(index, `process ${event.process} invokes again while its op from event ${pending.index + 1} has no completion`)
      open.set(event.process, { event, index })
      return
    }
    if (pending === undefined) throw invalid(index, `process ${event.process} completes an op it never invoked`)
    const invoke = pending.event
    if (invoke.f !== event.f || invoke.key !== event.key) throw invalid(index, `the completion (${event.f} ${event.key}) does not match its invoke at event ${pending.index + 1} (${invoke.f} ${invoke.key})`)
    if (event.time < invoke.time) throw invalid(index, `completes at time ${event.time}, before its invoke at ${invoke.time}`)
    open.delete(event.process)
    operations[pending.index] = toOperation(pending.index, invoke, event.type, event)
  })
  for (const { event, index } of open.values()) operations[index] = toOperation(index, event, 'info', undefined)
  return operations.filter((operation) => operation !== undefined)
}

function toOperation(index: number, invoke: HistoryEvent, outcome: Outcome, completion: HistoryEvent | undefined): Operation {
  const readValue = outcome === 'ok' && invoke.f === 'read'
  return {
    index,
    process: invoke.process,
    f: invoke.f,
    key: invoke.key,
    value: readValue ? completion?.value : invoke.value,
    outcome,
    invokeTime: invoke.time,
    completeTime: outcome === 'info' ? undefined : completion?.time,
    node: invoke.node,
  }
}

/**
 * The identity of a value: its JSON text, with undefined as null. Two values are the same exactly
 * when their texts are, so keep values to primitives (object key order would count).
 */
export function valueKey(value: unknown): string {
  return JSON.stringify(value ?? null)
}

/** One line for a person: `p3 write x 5 ok [120..180] node-2`, `p1 cas x [1,2] info [90..]`. */
export function describeOperation(operation: Operation): string {
  const span = `[${operation.invokeTime}..${operation.completeTime ?? ''}]`
  return `p${operation.process} ${operation.f} ${operation.key} ${JSON.stringify(operation.value)} ${operation.outcome} ${span} ${operation.node}`
}
