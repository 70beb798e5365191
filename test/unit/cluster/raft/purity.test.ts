// The Raft core is a pure state machine (DESIGN.md idea 3): no clock, timer, randomness, socket
// or disk inside src/cluster/raft/. Only the driver/ and storage/ subfolders may do I/O.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../../src/cluster/raft')
const IO_FOLDERS = new Set(['driver', 'storage'])

const FORBIDDEN: readonly [RegExp, string][] = [
  [/from\s+['"]node:/, 'a node: import'],
  [/import\s*\(\s*['"]node:/, 'a dynamic node: import'],
  [/from\s+['"](fs|net|os|path|child_process|timers|crypto|worker_threads|dgram|http|https)['"]/, 'a node builtin import'],
  [/from\s+['"](?!\.)/, 'an import from outside the folder'],
  [/\bDate\b/, 'Date'],
  [/\bMath\.random\b/, 'Math.random'],
  [/\bperformance\b/, 'performance'],
  [/\b(setTimeout|setInterval|setImmediate|queueMicrotask)\b/, 'a timer'],
  [/\bprocess\./, 'process'],
  [/\brequire\s*\(/, 'require'],
]

function pureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return IO_FOLDERS.has(name) && dir === root ? [] : pureFiles(path)
    return name.endsWith('.ts') ? [path] : []
  })
}

/** Drops comments so a sentence about Date.now in a comment does not count. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')
}

test('the raft core folder uses no clock, timer, randomness or I/O', () => {
  const files = pureFiles(root)
  assert.ok(files.length >= 8, `expected the core files under ${root}, found ${files.length}`)
  const problems: string[] = []
  for (const file of files) {
    const text = code(readFileSync(file, 'utf8'))
    for (const [pattern, what] of FORBIDDEN) {
      if (pattern.test(text)) problems.push(`${relative(root, file)} uses ${what}`)
    }
  }
  assert.deepEqual(problems, [])
})

test('the purity scan catches what it forbids', () => {
  const samples = ["import { readFile } from 'node:fs'", 'const t = Date.now()', 'Math.random()', 'setTimeout(f, 1)', "import x from 'level'"]
  for (const sample of samples) {
    assert.ok(FORBIDDEN.some(([pattern]) => pattern.test(code(sample))), `not caught: ${sample}`)
  }
  assert.ok(!FORBIDDEN.some(([pattern]) => pattern.test(code('// Date.now is injected'))))
})
