import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseFeature } from '../../tck/gherkin/load.js'
import { runInWorkers } from '../../tck/pool.js'

const ENGINE = new URL('./fixtures/fake-engine.ts', import.meta.url).href

function scenario(query: string, expected: string): string {
  return [
    `  Scenario: ${query}`,
    '    When executing query:',
    '      """',
    `      ${query}`,
    '      """',
    '    Then the result should be, in any order:',
    '      | x |',
    `      | ${expected} |`,
  ].join('\n')
}

test('a scenario that never yields or ends its worker fails alone; the rest still run, in order', async () => {
  const feature = ['Feature: Pool', ...['RETURN 1 AS x', 'RETURN loop', 'RETURN 1 AS x', 'RETURN exit', 'RETURN 1 AS x']
    .map((query) => scenario(query, '1'))].join('\n')
  const scenarios = parseFeature(feature, 'pool/Pool.feature')
  // Generous for a fake engine on a loaded machine; the hanging scenario costs it once.
  const outcomes = await runInWorkers(scenarios, {
    workers: 2, scenarioTimeoutMs: 3_000, runTimeoutMs: 60_000, graphsDir: '.', engineModule: ENGINE,
  })
  assert.deepEqual(outcomes.map((outcome) => outcome.id), scenarios.map((s) => s.id))
  assert.deepEqual(outcomes.map((outcome) => outcome.passed), [true, false, true, false, true])
  assert.equal(outcomes[1]?.reason, 'timed out after 3000 ms')
  assert.equal(outcomes[3]?.reason, 'the worker exited with code 3')
})

test('scenarios not started within the run bound fail as not run', async () => {
  const feature = ['Feature: Pool', scenario('RETURN loop', '1'), scenario('RETURN 1 AS x', '1')].join('\n')
  const scenarios = parseFeature(feature, 'pool/Pool.feature')
  const outcomes = await runInWorkers(scenarios, {
    workers: 1, scenarioTimeoutMs: 500, runTimeoutMs: 100, graphsDir: '.', engineModule: ENGINE,
  })
  assert.deepEqual(outcomes.map((outcome) => outcome.reason), [
    'timed out after 500 ms', 'not run: the TCK run passed its bound of 100 ms',
  ])
})
