/**
 * The `--history FILE` format: JSON lines, one event per line, keys in the order
 * `process, type, f, key, value, time, node`, so Jepsen-style tools (and `jq`) read it as is.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { NornicError } from '../../errors/index.js'
import { describeEventProblem, type HistoryEvent } from './history.js'

export function formatHistoryLine(event: HistoryEvent): string {
  const { process, type, f, key, value, time, node } = event
  return JSON.stringify({ process, type, f, key, value: value ?? null, time, node })
}

/** Every event on its own line, with a final newline (an empty history is an empty text). */
export function formatHistoryLines(events: readonly HistoryEvent[]): string {
  return events.map((event) => `${formatHistoryLine(event)}\n`).join('')
}

/**
 * Decodes JSON lines; blank lines are skipped. Throws Neo.ClientError.Request.InvalidFormat naming
 * the first bad line by number (1-based) and saying what is wrong with it; `source` (a file name)
 * goes in front of the message when given.
 */
export function parseHistoryLines(text: string, source?: string): HistoryEvent[] {
  const events: HistoryEvent[] = []
  const prefix = source === undefined ? 'history' : source
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return
    const lineNumber = index + 1
    let decoded: unknown
    try {
      decoded = JSON.parse(line)
    } catch (error) {
      throw badLine(prefix, lineNumber, `not JSON (${(error as Error).message})`)
    }
    const problem = describeEventProblem(decoded)
    if (problem !== undefined) throw badLine(prefix, lineNumber, problem)
    events.push(decoded as HistoryEvent)
  })
  return events
}

function badLine(prefix: string, line: number, problem: string): NornicError {
  return new NornicError('Neo.ClientError.Request.InvalidFormat', `${prefix} line ${line}: ${problem}`, { line })
}

export async function writeHistoryFile(path: string, events: readonly HistoryEvent[]): Promise<void> {
  await writeFile(path, formatHistoryLines(events), 'utf8')
}

export async function readHistoryFile(path: string): Promise<HistoryEvent[]> {
  return parseHistoryLines(await readFile(path, 'utf8'), path)
}
