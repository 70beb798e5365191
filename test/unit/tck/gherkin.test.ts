import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseFeature } from '../../tck/gherkin/load.js'
import { loadTck, selectScenarios } from '../../tck/run.js'

const FEATURE = `
Feature: Demo1 - A demonstration

  Scenario: [1] Plain
    Given an empty graph
    And having executed:
      """
      CREATE (:A)
      """
    When executing query:
      """
      MATCH (n) RETURN n
      """
    Then the result should be, in any order:
      | n    |
      | (:A) |
    And no side effects

  Scenario Outline: [2] Outline <x>
    Given any graph
    When executing query:
      """
      RETURN <x> AS x
      """
    Then the result should be, in any order:
      | x   |
      | <y> |

    Examples:
      | x   | y        |
      | 1   | 1        |
      | 'a' | 'a\\|b'  |
`

describe('TCK feature loading', () => {
  const scenarios = parseFeature(FEATURE, 'clauses/demo/Demo1.feature')

  test('a Scenario Outline becomes one scenario per Examples row, placeholders filled in', () => {
    assert.deepEqual(scenarios.map((scenario) => scenario.name), ['[1] Plain', '[2] Outline 1', "[2] Outline 'a'"])
    assert.equal(scenarios[2]?.steps[1]?.docString, "RETURN 'a' AS x")
  })

  test('each scenario knows its area, feature and line', () => {
    assert.deepEqual(scenarios.map((scenario) => scenario.id), [
      'clauses/demo/Demo1.feature:4', 'clauses/demo/Demo1.feature:31', 'clauses/demo/Demo1.feature:32',
    ])
    assert.ok(scenarios.every((scenario) => scenario.area === 'clauses/demo' && scenario.feature === 'Demo1 - A demonstration'))
  })

  test('steps keep their text without the keyword, with doc strings and tables (cells unescaped)', () => {
    assert.deepEqual(scenarios[0]?.steps.map((step) => step.text), [
      'an empty graph', 'having executed:', 'executing query:', 'the result should be, in any order:', 'no side effects',
    ])
    assert.deepEqual(scenarios[0]?.steps[3]?.table, [['n'], ['(:A)']])
    assert.deepEqual(scenarios[2]?.steps[2]?.table, [['x'], ["'a|b'"]])
  })
})

describe('TCK selection', () => {
  test('a missing TCK is an error naming the path it looked in', () => {
    assert.throws(() => loadTck('/nonexistent/tck'), /the openCypher TCK is missing: no \/nonexistent\/tck\/features/)
  })

  test('TCK_FILTER keeps scenarios whose id, feature or name contains it, and refuses to match nothing', () => {
    const scenarios = parseFeature(FEATURE, 'clauses/demo/Demo1.feature')
    assert.equal(selectScenarios(scenarios, 'Outline').length, 2)
    assert.equal(selectScenarios(scenarios, 'Demo1.feature:4').length, 1)
    assert.equal(selectScenarios(scenarios, undefined).length, 3)
    assert.throws(() => selectScenarios(scenarios, 'nothing like this'), /no TCK scenario matches/)
  })
})
