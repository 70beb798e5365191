import type { Value } from '../../values.js'
import { argumentError, expectInteger, expectString, invalidArgument } from './argument-checks.js'
import type { ScalarFunction } from './function-types.js'

/** Wraps a string-to-value function: null in gives null out. */
function onString(name: string, apply: (text: string) => Value): ScalarFunction {
  return {
    name,
    minArgs: 1,
    maxArgs: 1,
    call: ([value]) => (value === null || value === undefined ? null : apply(expectString(name, value))),
  }
}

function lengthArgument(name: string, value: Value): number {
  const length = expectInteger(name, value)
  if (length < 0n) throw argumentError(name, `length must not be negative, got ${length}`, 'NegativeIntegerArgument')
  return Number(length)
}

export const STRING_FUNCTIONS: readonly ScalarFunction[] = [
  onString('toUpper', (text) => text.toUpperCase()),
  onString('toLower', (text) => text.toLowerCase()),
  onString('upper', (text) => text.toUpperCase()),
  onString('lower', (text) => text.toLowerCase()),
  onString('trim', (text) => text.trim()),
  onString('ltrim', (text) => text.trimStart()),
  onString('rtrim', (text) => text.trimEnd()),
  {
    name: 'substring',
    minArgs: 2,
    maxArgs: 3,
    call: ([text, start, length]) => {
      if (text === null || start === null || length === null) return null
      const string = expectString('substring', text ?? null)
      const from = lengthArgument('substring', start ?? null)
      const characters = Array.from(string)
      const end = length === undefined ? characters.length : from + lengthArgument('substring', length)
      return characters.slice(from, end).join('')
    },
  },
  {
    name: 'replace',
    minArgs: 3,
    maxArgs: 3,
    call: ([text, search, replacement]) => {
      if (text === null || search === null || replacement === null) return null
      const string = expectString('replace', text ?? null)
      return string.split(expectString('replace', search ?? null)).join(expectString('replace', replacement ?? null))
    },
  },
  {
    name: 'split',
    minArgs: 2,
    maxArgs: 2,
    call: ([text, delimiter]) => {
      if (text === null || delimiter === null) return null
      const string = expectString('split', text ?? null)
      if (Array.isArray(delimiter)) return splitOnAny(string, delimiter.map((d) => expectString('split', d)))
      return string.split(expectString('split', delimiter ?? null))
    },
  },
  {
    name: 'left',
    minArgs: 2,
    maxArgs: 2,
    call: ([text, length]) => {
      if (text === null) return null
      if (length === null) throw argumentError('left', 'length must not be null', 'InvalidArgumentValue')
      return Array.from(expectString('left', text ?? null)).slice(0, lengthArgument('left', length ?? null)).join('')
    },
  },
  {
    name: 'right',
    minArgs: 2,
    maxArgs: 2,
    call: ([text, length]) => {
      if (text === null) return null
      if (length === null) throw argumentError('right', 'length must not be null', 'InvalidArgumentValue')
      const characters = Array.from(expectString('right', text ?? null))
      const count = lengthArgument('right', length ?? null)
      return characters.slice(Math.max(0, characters.length - count)).join('')
    },
  },
  {
    name: 'reverse',
    minArgs: 1,
    maxArgs: 1,
    call: ([value]) => {
      if (value === null || value === undefined) return null
      if (typeof value === 'string') return Array.from(value).reverse().join('')
      if (Array.isArray(value)) return [...value].reverse()
      throw invalidArgument('reverse', value, 'a String or a List')
    },
  },
]

function splitOnAny(text: string, delimiters: readonly string[]): string[] {
  const parts: string[] = []
  let current = ''
  for (const character of text) {
    if (delimiters.includes(character)) {
      parts.push(current)
      current = ''
    } else current += character
  }
  parts.push(current)
  return parts
}
