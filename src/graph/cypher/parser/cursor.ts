import type { NornicError } from '../../../errors/index.js'
import type { Position } from '../ast.js'
import type { Token } from '../lexer.js'
import { syntaxError } from './errors.js'

/**
 * The parser's read head over the token list: look ahead, take, and fail with a message that
 * names what was expected and what was found. `mark`/`reset` let the few ambiguous spots
 * (a parenthesis that may open a pattern) try one reading and fall back to the other.
 */
/** How deep expressions may nest; far beyond any real query, well within the call stack. */
export const NESTING_DEPTH_MAX = 256

export class Cursor {
  private index = 0
  private depth = 0

  constructor(
    readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  peek(ahead = 0): Token {
    const last = this.tokens.length - 1
    return this.tokens[Math.min(this.index + ahead, last)] as Token
  }

  get position(): Position {
    return this.peek().position
  }

  /** Offset just past the last token taken, for slicing the source text of an expression. */
  get previousEnd(): number {
    return this.index === 0 ? 0 : (this.tokens[this.index - 1] as Token).end
  }

  next(): Token {
    const token = this.peek()
    if (token.type !== 'eof') this.index += 1
    return token
  }

  /**
   * Runs `read` one nesting level deeper. The parser recurses once per level, so a limit here
   * turns a pathological query into a syntax error instead of a stack overflow.
   */
  nested<T>(read: () => T): T {
    if (this.depth >= NESTING_DEPTH_MAX) {
      throw syntaxError(`Expression nests deeper than ${NESTING_DEPTH_MAX} levels`, this.position)
    }
    this.depth += 1
    try {
      return read()
    } finally {
      this.depth -= 1
    }
  }

  mark(): number {
    return this.index
  }

  reset(mark: number): void {
    this.index = mark
  }

  atEnd(): boolean {
    return this.peek().type === 'eof'
  }

  isSymbol(symbol: string, ahead = 0): boolean {
    const token = this.peek(ahead)
    return token.type === 'symbol' && token.value === symbol
  }

  /** True when the token is the unquoted keyword (compared without regard to case). */
  isKeyword(keyword: string, ahead = 0): boolean {
    const token = this.peek(ahead)
    return token.type === 'identifier' && token.value.toUpperCase() === keyword
  }

  acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false
    this.index += 1
    return true
  }

  acceptKeyword(keyword: string): boolean {
    if (!this.isKeyword(keyword)) return false
    this.index += 1
    return true
  }

  expectSymbol(symbol: string): Token {
    if (!this.isSymbol(symbol)) throw this.unexpected(`'${symbol}'`)
    return this.next()
  }

  expectKeyword(keyword: string): Token {
    if (!this.isKeyword(keyword)) throw this.unexpected(keyword)
    return this.next()
  }

  /** A name: label, type, property key, alias. Keywords count as names here. */
  expectName(what: string): string {
    const token = this.peek()
    if (token.type !== 'identifier' && token.type !== 'quotedIdentifier') throw this.unexpected(what)
    this.index += 1
    return token.value
  }

  /** The error for the current token when `expected` was wanted there. */
  unexpected(expected: string): NornicError {
    const token = this.peek()
    return syntaxError(`Invalid input ${describe(this.text, token)}: expected ${expected}`, token.position)
  }
}

function describe(text: string, token: Token): string {
  if (token.type === 'eof') return 'end of input'
  return `'${text.slice(token.position.offset, token.end)}'`
}
