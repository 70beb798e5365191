import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { isNornicError } from '../../../../../src/errors/index.js'
import { parseCypher } from '../../../../../src/graph/cypher/parser/index.js'
import { loadScenarios } from '../../../../tck/gherkin/load.js'
import { DEFAULT_TCK_DIR } from '../../../../tck/run.js'

/**
 * Every query of the openCypher TCK goes through the parser and the semantic pass. A query the
 * TCK expects to succeed must parse, or be refused as an unsupported feature; a query it
 * expects to fail at compile time must fail with the same error detail, or as unsupported.
 */
const FEATURES_DIR = join(DEFAULT_TCK_DIR, 'features')

/** Compile-time details the planner raises instead (it owns the function table). */
const LEFT_TO_THE_PLANNER = new Set(['UnknownFunction'])

interface Outcome {
  readonly parsed: number
  readonly unsupported: number
  readonly rejectedAsExpected: number
  readonly problems: string[]
}

function roundTrip(): Outcome {
  const outcome = { parsed: 0, unsupported: 0, rejectedAsExpected: 0, problems: [] as string[] }
  for (const scenario of loadScenarios(FEATURES_DIR)) {
    const expected = scenario.steps
      .map((step) => /^an? (\w+) should be raised at compile time: (\w+)/.exec(step.text))
      .find((match): match is RegExpExecArray => match !== null)
    for (const step of scenario.steps) {
      if (step.docString === undefined || !/executing (control )?query|having executed/.test(step.text)) continue
      const expectsError = expected !== undefined && /executing query/.test(step.text)
      const where = `${scenario.id}: ${step.docString.replace(/\s+/g, ' ')}`
      try {
        parseCypher(step.docString)
        if (!expectsError) outcome.parsed += 1
        else if (!LEFT_TO_THE_PLANNER.has(expected[2] ?? '')) outcome.problems.push(`${where}\n  expected ${expected[1]}/${expected[2]}, parsed`)
      } catch (error) {
        assert.ok(isNornicError(error), `${where}\n  threw ${String(error)}`)
        if (error.code === 'Neo.ClientError.Statement.FeatureNotSupported') outcome.unsupported += 1
        else if (!expectsError) outcome.problems.push(`${where}\n  ${error.message}`)
        else if (error.facts.detail === expected[2] && error.code.endsWith(`.${expected[1]}`)) outcome.rejectedAsExpected += 1
        else outcome.problems.push(`${where}\n  expected ${expected[1]}/${expected[2]}, got ${error.code} ${String(error.facts.detail)}`)
      }
    }
  }
  return outcome
}

describe('TCK round trip (every query of ../shared/tck/features)', () => {
  it('parses every query the TCK runs and rejects every compile-time error with its detail', (t) => {
    const outcome = roundTrip()
    t.diagnostic(`parsed ${outcome.parsed}, unsupported ${outcome.unsupported}, rejected as expected ${outcome.rejectedAsExpected}`)
    assert.deepEqual(outcome.problems, [])
    assert.ok(outcome.parsed > 4000, `only ${outcome.parsed} queries parsed`)
    assert.ok(outcome.rejectedAsExpected > 500, `only ${outcome.rejectedAsExpected} errors matched`)
  })
})
