import { NodeValue, PathValue, RelationshipValue, type PropertyMap, type Value } from '../../../src/graph/values.js'

/**
 * Parses the TCK's value notation (README.adoc, "Format of the expected results") into the
 * values the engine returns, so one comparison serves expected rows and parameters alike:
 *
 *   null  true  42  -7  1.5  .5  1e308  NaN  Inf  -Inf  'text \' \n \u01FF'
 *   [1, 'a']  {k: 1, `odd key`: 2}  (:A:B {k: 1})  [:T {k: 1}]  <(:A)-[:T]->(:B)<-[:U]-()>
 *
 * Integers become bigint and floats number, as in src/graph/values.ts, so `1` and `1.0`
 * stay different. Graph elements written in the notation have no identity: their ids are
 * -1, except inside a path, where node ids are their positions so that each relationship's
 * start and end record the direction its arrow was drawn in.
 */
export function parseValue(text: string): Value {
  const parser = new NotationParser(text)
  const value = parser.value()
  parser.expectEnd()
  return value
}

export class NotationError extends Error {
  constructor(text: string, position: number, problem: string) {
    super(`cannot read TCK value ${JSON.stringify(text)} at ${position}: ${problem}`)
    this.name = 'NotationError'
  }
}

const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*/
const STRING_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f',
}

class NotationParser {
  private position = 0

  constructor(private readonly text: string) {}

  value(): Value {
    this.skipSpace()
    const next = this.peek()
    if (next === "'") return this.string()
    if (next === '[') return this.listOrRelationship()
    if (next === '{') return this.map()
    if (next === '(') return this.node()
    if (next === '<') return this.path()
    return this.word()
  }

  expectEnd(): void {
    this.skipSpace()
    if (this.position < this.text.length) this.fail('unexpected text after the value')
  }

  private word(): Value {
    const rest = this.text.slice(this.position)
    for (const [spelling, value] of WORDS) {
      if (rest.startsWith(spelling) && !/^[A-Za-z0-9_]/.test(rest.slice(spelling.length))) {
        this.position += spelling.length
        return value
      }
    }
    const number = NUMBER.exec(rest)
    if (number === null) this.fail('expected a value')
    this.position += number[0].length
    return /[.eE]/.test(number[0]) ? Number(number[0]) : BigInt(number[0])
  }

  private string(): string {
    this.expect("'")
    let result = ''
    for (;;) {
      const char = this.text[this.position++]
      if (char === undefined) this.fail('unterminated string')
      if (char === "'") return result
      if (char !== '\\') {
        result += char
        continue
      }
      const escaped = this.text[this.position++]
      if (escaped === 'u') {
        const hex = this.text.slice(this.position, this.position + 4)
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail('bad \\u escape')
        result += String.fromCharCode(parseInt(hex, 16))
        this.position += 4
      } else if (escaped !== undefined && escaped in STRING_ESCAPES) {
        result += STRING_ESCAPES[escaped]
      } else {
        this.fail(`unknown escape \\${escaped ?? ''}`)
      }
    }
  }

  private listOrRelationship(): Value {
    this.expect('[')
    this.skipSpace()
    if (this.peek() === ':') return this.relationshipBody(-1, -1)
    const items: Value[] = []
    this.skipSpace()
    if (this.peek() === ']') {
      this.position++
      return items
    }
    for (;;) {
      items.push(this.value())
      this.skipSpace()
      if (this.peek() === ']') {
        this.position++
        return items
      }
      this.expect(',')
    }
  }

  private map(): Record<string, Value> {
    this.expect('{')
    const entries: Record<string, Value> = {}
    this.skipSpace()
    if (this.peek() === '}') {
      this.position++
      return entries
    }
    for (;;) {
      this.skipSpace()
      const key = this.key()
      this.skipSpace()
      this.expect(':')
      entries[key] = this.value()
      this.skipSpace()
      if (this.peek() === '}') {
        this.position++
        return entries
      }
      this.expect(',')
    }
  }

  private key(): string {
    if (this.peek() === '`') {
      const end = this.text.indexOf('`', this.position + 1)
      if (end < 0) this.fail('unterminated `key`')
      const key = this.text.slice(this.position + 1, end)
      this.position = end + 1
      return key
    }
    return this.identifier()
  }

  private identifier(): string {
    const match = IDENTIFIER.exec(this.text.slice(this.position))
    if (match === null) this.fail('expected a name')
    this.position += match[0].length
    return match[0]
  }

  private node(id = -1): NodeValue {
    this.expect('(')
    const labels: string[] = []
    this.skipSpace()
    while (this.peek() === ':') {
      this.position++
      labels.push(this.key())
      this.skipSpace()
    }
    const properties = this.peek() === '{' ? this.properties() : {}
    this.skipSpace()
    this.expect(')')
    return new NodeValue(id, '', labels, properties)
  }

  /** After the opening `[`, which the caller consumed. */
  private relationshipBody(startId: number, endId: number): RelationshipValue {
    this.skipSpace()
    this.expect(':')
    const type = this.key()
    this.skipSpace()
    const properties = this.peek() === '{' ? this.properties() : {}
    this.skipSpace()
    this.expect(']')
    return new RelationshipValue(-1, '', type, startId, endId, properties, '', '')
  }

  private properties(): PropertyMap {
    // A property map holds property values only; the comparison never needs that
    // narrowing, so the parsed map is used as it is.
    return this.map() as PropertyMap
  }

  private path(): PathValue {
    this.expect('<')
    this.skipSpace()
    const nodes = [this.node(0)]
    const relationships: RelationshipValue[] = []
    this.skipSpace()
    while (this.peek() === '-' || this.peek() === '<') {
      const pointsLeft = this.text.startsWith('<-', this.position)
      this.position += pointsLeft ? 2 : 1
      this.skipSpace()
      this.expect('[')
      const from = nodes.length - 1
      const to = nodes.length
      const relationship = this.relationshipBody(pointsLeft ? to : from, pointsLeft ? from : to)
      this.skipSpace()
      this.expect(pointsLeft ? '-' : '->')
      this.skipSpace()
      nodes.push(this.node(to))
      relationships.push(relationship)
      this.skipSpace()
    }
    this.expect('>')
    return new PathValue(nodes, relationships)
  }

  private peek(): string | undefined {
    return this.text[this.position]
  }

  private expect(token: string): void {
    if (!this.text.startsWith(token, this.position)) this.fail(`expected ${token}`)
    this.position += token.length
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.position] ?? '')) this.position++
  }

  private fail(problem: string): never {
    throw new NotationError(this.text, this.position, problem)
  }
}

const WORDS: readonly (readonly [string, Value])[] = [
  ['null', null],
  ['true', true],
  ['false', false],
  ['NaN', Number.NaN],
  ['-Inf', Number.NEGATIVE_INFINITY],
  ['Inf', Number.POSITIVE_INFINITY],
]
