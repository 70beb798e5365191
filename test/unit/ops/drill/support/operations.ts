import type { Operation, OperationFunction } from '../../../../../src/ops/drill/history.js'

let nextIndex = 0

/** An acknowledged op on `key` (default "x") spanning [from, to]. For a read, `value` is what it read. */
export function ok(process: number, f: OperationFunction, value: unknown, from: number, to: number, key = 'x'): Operation {
  return { index: nextIndex++, process, f, key, value, outcome: 'ok', invokeTime: from, completeTime: to, node: 'node-1' }
}

/** An op with an unknown outcome invoked at `from`. */
export function info(process: number, f: OperationFunction, value: unknown, from: number, key = 'x'): Operation {
  return { index: nextIndex++, process, f, key, value, outcome: 'info', invokeTime: from, completeTime: undefined, node: 'node-1' }
}

/** An op that surely did not happen. */
export function fail(process: number, f: OperationFunction, value: unknown, from: number, to: number, key = 'x'): Operation {
  return { index: nextIndex++, process, f, key, value, outcome: 'fail', invokeTime: from, completeTime: to, node: 'node-1' }
}
