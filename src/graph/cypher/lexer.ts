import { syntaxError } from './parser/errors.js'
import type { Position } from './ast.js'

/**
 * Turns query text into tokens in one left-to-right pass, one character test at a time.
 * Keywords are not told apart here: they are `identifier` tokens the parser compares without
 * regard to case, because most keywords are also valid names (`n.count`, `:End`).
 */

export type TokenType =
  /** A name or keyword; `value` is the name. */
  | 'identifier'
  /** A backtick-quoted name; never a keyword. `value` is the name without backticks. */
  | 'quotedIdentifier'
  | 'integer'
  | 'float'
  /** Digits run into letters (`12ab`, `0x1G`): an error only where a number is expected. */
  | 'invalidNumber'
  /** `value` is the decoded text. */
  | 'string'
  /** `$name` or `$0`; `value` is the name without the dollar sign. */
  | 'parameter'
  /** Punctuation and operators; `value` is the symbol. */
  | 'symbol'
  | 'eof'

export interface Token {
  readonly type: TokenType
  readonly value: string
  readonly position: Position
  /** Offset just past the token's last character. */
  readonly end: number
}

/** Symbols of two characters, tried before single characters. */
const TWO_CHAR_SYMBOLS = new Set(['<>', '<=', '>=', '=~', '+=', '..', '!='])
const ONE_CHAR_SYMBOLS = new Set([...'()[]{},.:;|=<>+-*/%^'])

export function tokenize(text: string): Token[] {
  return new Lexer(text).run()
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57
}

function isDigitChar(char: string): boolean {
  return isDigit(char.charCodeAt(0))
}

const UNICODE_ID_START = /\p{ID_Start}/u
const UNICODE_ID_CONTINUE = /\p{ID_Continue}/u

function isIdentifierStart(char: string): boolean {
  const code = char.charCodeAt(0)
  if (code < 128) return isAsciiLetter(code) || code === 95
  return UNICODE_ID_START.test(char)
}

function isIdentifierPart(char: string): boolean {
  const code = char.charCodeAt(0)
  if (code < 128) return isAsciiLetter(code) || isDigit(code) || code === 95
  return UNICODE_ID_CONTINUE.test(char)
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  b: '\b',
  B: '\b',
  f: '\f',
  F: '\f',
  n: '\n',
  N: '\n',
  r: '\r',
  R: '\r',
  t: '\t',
  T: '\t',
  '/': '/',
}

class Lexer {
  private offset = 0
  private line = 1
  private lineStart = 0
  private readonly tokens: Token[] = []

  constructor(private readonly text: string) {}

  run(): Token[] {
    for (;;) {
      this.skipSpaceAndComments()
      if (this.offset >= this.text.length) break
      this.readToken()
    }
    this.tokens.push({ type: 'eof', value: '', position: this.here(), end: this.offset })
    return this.tokens
  }

  private here(): Position {
    return { offset: this.offset, line: this.line, column: this.offset - this.lineStart + 1 }
  }

  private positionAt(offset: number): Position {
    // Only called for offsets on the current line (inside the token being read).
    return { offset, line: this.line, column: offset - this.lineStart + 1 }
  }

  /** Advances over one character, keeping line and column right. */
  private advance(): void {
    if (this.text.charCodeAt(this.offset) === 10) {
      this.line += 1
      this.lineStart = this.offset + 1
    }
    this.offset += 1
  }

  private skipSpaceAndComments(): void {
    const text = this.text
    while (this.offset < text.length) {
      const char = text[this.offset] as string
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f' || char === '\u00a0' || char === '\ufeff') {
        this.advance()
      } else if (char === '/' && text[this.offset + 1] === '/') {
        while (this.offset < text.length && text[this.offset] !== '\n') this.advance()
      } else if (char === '/' && text[this.offset + 1] === '*') {
        const start = this.here()
        this.advance()
        this.advance()
        while (this.offset < text.length && !(text[this.offset] === '*' && text[this.offset + 1] === '/')) this.advance()
        if (this.offset >= text.length) throw syntaxError('Unterminated comment', start)
        this.advance()
        this.advance()
      } else {
        return
      }
    }
  }

  private push(type: TokenType, value: string, start: Position): void {
    this.tokens.push({ type, value, position: start, end: this.offset })
  }

  private readToken(): void {
    const text = this.text
    const start = this.here()
    const char = text[this.offset] as string
    const code = char.charCodeAt(0)
    if (isDigit(code) || (char === '.' && isDigit(text.charCodeAt(this.offset + 1)) && !this.followsValue())) {
      this.readNumber(start)
    } else if (isIdentifierStart(char)) {
      this.push('identifier', this.readWhile(isIdentifierPart), start)
    } else if (char === '`') {
      this.push('quotedIdentifier', this.readQuotedIdentifier(start), start)
    } else if (char === "'" || char === '"') {
      this.push('string', this.readString(char, start), start)
    } else if (char === '$') {
      this.advance()
      const next = text[this.offset] ?? ''
      let name: string
      if (next === '`') name = this.readQuotedIdentifier(this.here())
      else if (next !== '' && (isIdentifierStart(next) || isDigit(next.charCodeAt(0)))) name = this.readWhile(isIdentifierPart)
      else throw syntaxError(`Invalid input '${next || 'end of input'}': expected a parameter name`, this.here())
      this.push('parameter', name, start)
    } else {
      const pair = text.slice(this.offset, this.offset + 2)
      if (TWO_CHAR_SYMBOLS.has(pair)) {
        this.offset += 2
        this.push('symbol', pair, start)
      } else if (ONE_CHAR_SYMBOLS.has(char)) {
        this.advance()
        this.push('symbol', char, start)
      } else {
        const detail = code > 127 ? 'InvalidUnicodeCharacter' : 'UnexpectedSyntax'
        throw syntaxError(`Invalid input '${char}': expected an expression, a name or an operator`, start, detail)
      }
    }
  }

  /** True when the previous token ends a value, so a `.` after it is property access, not `.5`. */
  private followsValue(): boolean {
    const previous = this.tokens[this.tokens.length - 1]
    if (previous === undefined || previous.end !== this.offset) return false
    return previous.type !== 'symbol' || previous.value === ')' || previous.value === ']' || previous.value === '}'
  }

  private readWhile(test: (char: string) => boolean): string {
    const begin = this.offset
    while (this.offset < this.text.length && test(this.text[this.offset] as string)) this.offset += 1
    return this.text.slice(begin, this.offset)
  }

  private readNumber(start: Position): void {
    const text = this.text
    const begin = this.offset
    const prefix = text.slice(begin, begin + 2).toLowerCase()
    if (prefix === '0x' || prefix === '0o') {
      this.offset += 2
      const body = this.readWhile(isIdentifierPart)
      const valid = prefix === '0x' ? /^[0-9a-fA-F]+$/.test(body) : /^[0-7]+$/.test(body)
      this.push(valid ? 'integer' : 'invalidNumber', text.slice(begin, this.offset), start)
      return
    }
    this.readWhile(isDigitChar)
    let isFloat = false
    if (text[this.offset] === '.' && isDigit(text.charCodeAt(this.offset + 1))) {
      isFloat = true
      this.offset += 1
      this.readWhile(isDigitChar)
    }
    const exponent = text[this.offset]
    if (exponent === 'e' || exponent === 'E') {
      const sign = text[this.offset + 1]
      const digitAt = sign === '+' || sign === '-' ? this.offset + 2 : this.offset + 1
      if (isDigit(text.charCodeAt(digitAt))) {
        isFloat = true
        this.offset = digitAt
        this.readWhile(isDigitChar)
      }
    }
    // Letters glued to the digits (`12ab`) make the whole run one invalid number.
    if (this.offset < text.length && isIdentifierPart(text[this.offset] as string)) {
      this.readWhile(isIdentifierPart)
      this.push('invalidNumber', text.slice(begin, this.offset), start)
      return
    }
    const number = text.slice(begin, this.offset)
    // A leading zero makes an integer octal (`017`), so 8 and 9 cannot follow it.
    const badOctal = !isFloat && number.length > 1 && number.startsWith('0') && !/^0[0-7]+$/.test(number)
    this.push(isFloat ? 'float' : badOctal ? 'invalidNumber' : 'integer', number, start)
  }

  private readQuotedIdentifier(start: Position): string {
    const text = this.text
    this.advance()
    let name = ''
    for (;;) {
      if (this.offset >= text.length) throw syntaxError('Unterminated quoted name: expected \'`\'', start)
      const char = text[this.offset] as string
      this.advance()
      if (char === '`') {
        // A doubled backtick stands for one backtick inside the name.
        if (text[this.offset] !== '`') return name
        this.advance()
      }
      name += char
    }
  }

  private readString(quote: string, start: Position): string {
    const text = this.text
    this.advance()
    let value = ''
    let chunkStart = this.offset
    for (;;) {
      if (this.offset >= text.length) throw syntaxError(`Unterminated string: expected '${quote}'`, start)
      const char = text[this.offset] as string
      if (char === quote) {
        value += text.slice(chunkStart, this.offset)
        this.advance()
        return value
      }
      if (char !== '\\') {
        this.advance()
        continue
      }
      value += text.slice(chunkStart, this.offset)
      const escapeAt = this.offset
      this.advance()
      const kind = text[this.offset] ?? ''
      this.advance()
      const simple = SIMPLE_ESCAPES[kind]
      if (simple !== undefined) {
        value += simple
      } else if (kind === 'u' || kind === 'U') {
        value += this.readUnicodeEscape(kind === 'u' ? 4 : 8, escapeAt)
      } else {
        throw syntaxError(`Invalid escape sequence '\\${kind}' in string`, this.positionAt(escapeAt))
      }
      chunkStart = this.offset
    }
  }

  private readUnicodeEscape(digits: number, escapeAt: number): string {
    const hex = this.text.slice(this.offset, this.offset + digits)
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) {
      throw syntaxError(`Invalid unicode escape '${this.text.slice(escapeAt, this.offset + digits)}': expected ${digits} hexadecimal digits`, this.positionAt(escapeAt), 'InvalidUnicodeLiteral')
    }
    const codePoint = Number.parseInt(hex, 16)
    if (codePoint > 0x10ffff) {
      throw syntaxError(`Invalid unicode code point '${hex}'`, this.positionAt(escapeAt), 'InvalidUnicodeCharacter')
    }
    this.offset += digits
    return String.fromCodePoint(codePoint)
  }
}
