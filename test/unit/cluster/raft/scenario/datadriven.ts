import type { Command } from './verbs.js'

/**
 * Scenario files in the etcd-io/raft testdata style: blocks of commands, a `----` line, and the
 * output those commands produced (or `ok`), ending at a blank line. Lines starting with `#`
 * between blocks are comments. The parsed form keeps every other line so a rewrite only
 * replaces outputs.
 */
export interface Block {
  readonly line: number
  readonly commands: readonly Command[]
  readonly expected: string
}

export interface ParsedFile {
  readonly blocks: readonly Block[]
  /** Rebuilds the file with the given outputs, one per block. */
  render(outputs: readonly string[]): string
}

export function parseCommand(text: string): Command {
  const words = text.trim().split(/\s+/)
  const options = new Map<string, string>()
  const args: string[] = []
  for (const word of words.slice(1)) {
    const eq = word.indexOf('=')
    if (eq > 0) options.set(word.slice(0, eq), word.slice(eq + 1))
    else args.push(word)
  }
  return { verb: words[0] ?? '', args, options }
}

export function parseScenario(text: string): ParsedFile {
  const lines = text.replace(/\n+$/, '').split('\n')
  const pieces: (string | number)[] = []
  const blocks: Block[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    if (line.trim() === '' || line.startsWith('#')) {
      pieces.push(line)
      i++
      continue
    }
    const start = i
    const commandLines: string[] = []
    while (i < lines.length && lines[i] !== '----') {
      if (lines[i]!.trim() === '') throw new Error(`line ${start + 1}: the block needs a ---- line before the blank line ${i + 1}`)
      commandLines.push(lines[i]!)
      i++
    }
    if (i >= lines.length) throw new Error(`line ${start + 1}: block without ----`)
    i++
    const output: string[] = []
    while (i < lines.length && lines[i]!.trim() !== '') output.push(lines[i++]!)
    for (const commandLine of commandLines) pieces.push(commandLine)
    pieces.push('----')
    pieces.push(blocks.length)
    blocks.push({ line: start + 1, commands: commandLines.map(parseCommand), expected: output.join('\n') })
  }
  return {
    blocks,
    render(outputs) {
      return `${pieces.map((piece) => (typeof piece === 'number' ? outputs[piece] ?? '' : piece)).join('\n')}\n`
    },
  }
}
