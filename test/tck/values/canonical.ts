import { NodeValue, PathValue, RelationshipValue, isMapValue, type Value } from '../../../src/graph/values.js'

export interface CanonicalOptions {
  /** "ignoring element order for lists": every list, at any depth, is a bag. */
  readonly unorderedLists: boolean
}

/**
 * Writes a value in the TCK's notation, in the one spelling every equal value shares, so
 * two values match exactly when their canonical texts are equal. The TCK compares graph
 * elements by what the notation shows (labels or type, properties, and a path's arrows),
 * never by identity; label order and map key order carry no meaning, and integers never
 * equal floats, so `1` and `1.0` are spelled apart. NaN matches NaN: an expected NaN in a
 * table means "the result is NaN".
 *
 * The same text is what a failure prints, which keeps reports in the feature files' terms.
 */
export function canonical(value: unknown, options: CanonicalOptions = { unorderedLists: false }): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return String(value)
    case 'bigint':
      return value.toString()
    case 'number':
      return float(value)
    case 'string':
      return quote(value)
    default:
      break
  }
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => canonical(item, options))
    if (options.unorderedLists) items.sort()
    return `[${items.join(', ')}]`
  }
  if (value instanceof NodeValue) {
    const labels = [...value.labels].sort().map((label) => `:${name(label)}`).join('')
    return `(${labels}${properties(value.properties, options, ' ')})`
  }
  if (value instanceof RelationshipValue) {
    return `[:${name(value.type)}${properties(value.properties, options, ' ')}]`
  }
  if (value instanceof PathValue) return path(value, options)
  if (isMapValue(value as Value)) return map(value as Readonly<Record<string, unknown>>, options)
  return `<not a TCK value: ${describe(value)}>`
}

function float(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Number.POSITIVE_INFINITY) return 'Inf'
  if (value === Number.NEGATIVE_INFINITY) return '-Inf'
  const text = String(value)
  return /[.e]/.test(text) ? text : `${text}.0`
}

function quote(text: string): string {
  const escaped = text.replace(/[\\'\n\r\t]/g, (char) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[char] ?? `\\${char}`)
  return `'${escaped}'`
}

function name(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `\`${key}\``
}

function map(entries: Readonly<Record<string, unknown>>, options: CanonicalOptions): string {
  const keys = Object.keys(entries).sort()
  return `{${keys.map((key) => `${name(key)}: ${canonical(entries[key], options)}`).join(', ')}}`
}

/** A graph element's property map; an empty one is left out, as the notation does. */
function properties(entries: Readonly<Record<string, unknown>>, options: CanonicalOptions, lead: string): string {
  return Object.keys(entries).length === 0 ? '' : `${lead}${map(entries, options)}`
}

function path(value: PathValue, options: CanonicalOptions): string {
  let text = canonical(value.nodes[0], options)
  value.relationships.forEach((relationship, i) => {
    const next = value.nodes[i + 1]
    const drawn = canonical(relationship, options)
    const pointsLeft = next !== undefined && relationship.startId === next.id && relationship.endId !== next.id
    text += pointsLeft ? `<-${drawn}-` : `-${drawn}->`
    text += canonical(next, options)
  })
  return `<${text}>`
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined'
  if (typeof value === 'object' && value !== null) return value.constructor?.name ?? 'object'
  return typeof value
}
