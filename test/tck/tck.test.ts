import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { renderReport } from './report.js'
import { parseValue } from './values/notation.js'
import { DEFAULT_TCK_DIR, loadTck, runTck } from './run.js'

/**
 * The openCypher TCK against GraphDatabase, with a ratchet: the number of passing scenarios
 * in the target areas (report.ts) may not fall below baseline.json.
 *
 *   TCK_FILTER=<text>  run only scenarios whose id, feature or name contains <text>
 *   TCK_VERBOSE=1      list every failure with its reason
 *   TCK_RECORD=1       write the current target-set count to baseline.json (full runs only)
 *   TCK_WORKERS=<n>    worker threads (default: 2, or 1 on a single core)
 */
const BASELINE_FILE = fileURLToPath(new URL('./baseline.json', import.meta.url))

interface Baseline {
  readonly targetPassed: number
}

const baseline = JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as Baseline
const filter = process.env['TCK_FILTER']
const verbose = process.env['TCK_VERBOSE'] === '1'
const record = process.env['TCK_RECORD'] === '1'
const workers = workerCount(process.env['TCK_WORKERS'])

function workerCount(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  if (!/^[1-9]\d*$/.test(text)) throw new Error(`TCK_WORKERS=${text} must be a positive whole number`)
  return Number(text)
}

test('the openCypher TCK is present beside the checkout, and every value in its tables is readable', () => {
  const scenarios = loadTck(DEFAULT_TCK_DIR)
  let values = 0
  for (const { id, steps } of scenarios) {
    for (const { text, table = [] } of steps) {
      const cells = text.startsWith('the result should be') ? table.slice(1).flat()
        : text === 'parameters are:' ? table.map(([, value = '']) => value)
        : []
      for (const cell of cells) {
        assert.doesNotThrow(() => parseValue(cell), `${id}: ${cell}`)
        values++
      }
    }
  }
  assert.ok(values > 1000, `only ${values} values in ${scenarios.length} scenarios`)
})

test('the engine passes at least as many target-set TCK scenarios as baseline.json records', async () => {
  const { report, elapsedMs } = await runTck({ ...(filter !== undefined && { filter }), ...(workers !== undefined && { workers }) })
  console.log(`${renderReport(report, verbose)}\n${report.all.total} scenarios in ${(elapsedMs / 1000).toFixed(1)} s`)
  if (filter !== undefined && filter !== '') return // a subset says nothing about the ratchet
  if (record) {
    // Recorded from a full run only: a subset's count would lower the bar.
    writeFileSync(BASELINE_FILE, `${JSON.stringify({ targetPassed: report.target.passed }, null, 2)}\n`)
    return
  }
  assert.ok(
    report.target.passed >= baseline.targetPassed,
    `target-set TCK scenarios passing fell to ${report.target.passed} from ${baseline.targetPassed} (run with TCK_VERBOSE=1 to see why)`,
  )
})
