import { valueKey } from '../history.js'
import type { SequentialModel } from './model.js'

/**
 * A read / write / compare-and-set register. Values compare by `valueKey` (their JSON text); a key
 * never written reads as `initialValue` (null unless given).
 * The state is the JSON text of the current value.
 */
export function registerModel(initialValue: unknown = null): SequentialModel<string> {
  return {
    initial: valueKey(initialValue),
    stateKey: (state) => state,
    step(state, operation) {
      switch (operation.f) {
        case 'read':
          return valueKey(operation.value) === state ? state : undefined
        case 'write':
          return valueKey(operation.value)
        case 'cas': {
          const [expected, next] = operation.value as readonly [unknown, unknown]
          return valueKey(expected) === state ? valueKey(next) : undefined
        }
        case 'add':
          throw new Error(`an add (event ${operation.index + 1}) is not a register operation; check it with the set checker`)
      }
    },
  }
}
