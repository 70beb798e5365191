import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { NornicError } from '../../../src/errors/index.js'
import { parseFeature } from '../../tck/gherkin/load.js'
import { runScenario, type ScenarioOutcome } from '../../tck/scenario.js'
import { FakeDatabase, type ScriptedQuery } from './fixtures/fake-database.js'

const SCRIPT: Readonly<Record<string, ScriptedQuery>> = {
  'CREATE (:A), (:A)': {
    write: true,
    run: (graph) => {
      graph.createNode(['A'])
      graph.createNode(['A'])
      return { columns: [], rows: [] }
    },
  },
  'MATCH (n:A) SET n.name = $name': {
    write: true,
    run: (graph, parameters) => {
      for (const node of graph.nodes) graph.replaceNode(node, node.labels, { name: parameters['name'] as string })
      return { columns: [], rows: [] }
    },
  },
  'MATCH (n) RETURN n.name AS name': { run: (graph) => ({ columns: ['name'], rows: graph.nodes.map((n) => [n.properties['name'] ?? null]) }) },
  'RETURN 1 AS x': { run: () => ({ columns: ['x'], rows: [[1n]] }) },
  'RETURN [2, 1] AS l': { run: () => ({ columns: ['l'], rows: [[[2n, 1n]]] }) },
  'RETURN x': {
    run: () => {
      throw new NornicError('Neo.ClientError.Statement.SyntaxError', 'x is not defined', { detail: 'UndefinedVariable' })
    },
  },
  'RETURN 1 + "a"': {
    run: () => {
      throw new NornicError('Neo.ClientError.Statement.TypeError', 'cannot add')
    },
  },
  'RETURN bug': {
    run: () => {
      throw new RangeError('index out of range')
    },
  },
}

const graphsDir = mkdtempSync(join(tmpdir(), 'nornic-tck-graphs-'))
mkdirSync(join(graphsDir, 'two-a'))
writeFileSync(join(graphsDir, 'two-a', 'two-a.cypher'), 'CREATE (:A), (:A);\n')
after(() => rmSync(graphsDir, { recursive: true, force: true }))

let database: FakeDatabase

async function run(steps: string): Promise<ScenarioOutcome> {
  const feature = `Feature: F\n  Scenario: S\n${steps.replace(/^/gm, '    ')}\n`
  const [scenario] = parseFeature(feature, 'clauses/demo/Demo.feature')
  assert.ok(scenario)
  return runScenario(scenario, { open: async () => (database = new FakeDatabase(SCRIPT)), graphsDir })
}

const query = (keyword: string, text: string): string => `${keyword}\n  """\n  ${text}\n  """`

describe('TCK scenario runner', () => {
  test('a write scenario passes with its result and side effects, and the database is closed', async () => {
    const outcome = await run([
      'Given an empty graph',
      query('When executing query:', 'CREATE (:A), (:A)'),
      'Then the result should be empty',
      'And the side effects should be:',
      '  | +nodes  | 2 |',
      '  | +labels | 1 |',
    ].join('\n'))
    assert.deepEqual(outcome, { id: 'clauses/demo/Demo.feature:2', area: 'clauses/demo', passed: true })
    assert.ok(database.closed)
  })

  test('writes are applied with log indexes 1, 2, ...; reads are not logged', async () => {
    const outcome = await run([
      'Given an empty graph',
      query('And having executed:', 'CREATE (:A), (:A)'),
      'And parameters are:',
      "  | name | 'x' |",
      query('When executing query:', 'MATCH (n:A) SET n.name = $name'),
      'Then the result should be empty',
      'And the side effects should be:',
      '  | +properties | 2 |',
      query('When executing control query:', 'MATCH (n) RETURN n.name AS name'),
      'Then the result should be, in any order:',
      '  | name |',
      "  | 'x'  |",
      "  | 'x'  |",
    ].join('\n'))
    assert.equal(outcome.passed, true, outcome.reason)
    assert.deepEqual(database.applied.map((context) => context.index), [1, 2])
  })

  test('a named graph is loaded from graphs/<name>/*.cypher', async () => {
    const outcome = await run([
      'Given the two-a graph',
      query('When executing query:', 'MATCH (n) RETURN n.name AS name'),
      'Then the result should be, in any order:',
      '  | name |',
      '  | null |',
      '  | null |',
      'And no side effects',
    ].join('\n'))
    assert.equal(outcome.passed, true, outcome.reason)
  })

  test('a wrong row fails the scenario, naming the step and the rows', async () => {
    const outcome = await run([query('When executing query:', 'RETURN 1 AS x'), 'Then the result should be, in any order:', '  | x   |', '  | 1.0 |'].join('\n'))
    assert.equal(outcome.passed, false)
    assert.match(outcome.reason ?? '', /^the result should be, in any order: rows differ .*missing \| 1\.0 \|; unexpected \| 1 \|/)
  })

  test('"ignoring element order for lists" compares lists as bags', async () => {
    const table = ['  | l      |', '  | [1, 2] |'].join('\n')
    const ignoring = await run([query('When executing query:', 'RETURN [2, 1] AS l'), 'Then the result should be (ignoring element order for lists):', table].join('\n'))
    assert.equal(ignoring.passed, true, ignoring.reason)
    const ordered = await run([query('When executing query:', 'RETURN [2, 1] AS l'), 'Then the result should be, in order:', table].join('\n'))
    assert.equal(ordered.passed, false)
  })

  test('unexpected side effects fail the scenario', async () => {
    const outcome = await run([query('When executing query:', 'CREATE (:A), (:A)'), 'Then the result should be empty', 'And no side effects'].join('\n'))
    assert.match(outcome.reason ?? '', /^no side effects: side effects differ: \+nodes expected 0, got 2; \+labels expected 0, got 1$/)
  })

  test('an expected error passes on its type; the detail is reported apart', async () => {
    const same = await run([query('When executing query:', 'RETURN x'), 'Then a SyntaxError should be raised at compile time: UndefinedVariable'].join('\n'))
    assert.deepEqual([same.passed, same.errorDetail], [true, 'same'])
    const different = await run([query('When executing query:', 'RETURN x'), 'Then a SyntaxError should be raised at compile time: VariableAlreadyBound'].join('\n'))
    assert.deepEqual([different.passed, different.errorDetail], [true, 'different'])
    assert.match(different.errorDetailNote ?? '', /expected detail VariableAlreadyBound, got UndefinedVariable/)
    const absent = await run([query('When executing query:', 'RETURN 1 + "a"'), 'Then a TypeError should be raised at runtime: InvalidArgumentType', 'And no side effects'].join('\n'))
    assert.deepEqual([absent.passed, absent.errorDetail], [true, 'absent'])
  })

  test('the wrong error type, or no error at all, fails', async () => {
    const wrongType = await run([query('When executing query:', 'RETURN x'), 'Then a TypeError should be raised at runtime: InvalidArgumentType'].join('\n'))
    assert.match(wrongType.reason ?? '', /expected a TypeError \(InvalidArgumentType\), got Neo\.ClientError\.Statement\.SyntaxError/)
    const noError = await run([query('When executing query:', 'RETURN 1 AS x'), 'Then a SyntaxError should be raised at compile time: UndefinedVariable'].join('\n'))
    assert.match(noError.reason ?? '', /but the query succeeded with 1 rows/)
    const crash = await run([query('When executing query:', 'RETURN bug'), 'Then a TypeError should be raised at runtime: InvalidArgumentType'].join('\n'))
    assert.match(crash.reason ?? '', /non-nornic error: RangeError: index out of range/)
  })

  test('an unknown step, a failing setup query or an engine that cannot open fails the scenario', async () => {
    const unknown = await run('And there exists a procedure test.doNothing() :: ():\n  | |')
    assert.equal(unknown.reason, 'there exists a procedure test.doNothing() :: (): the runner does not support this step')
    const setup = await run(query('And having executed:', 'RETURN x'))
    assert.match(setup.reason ?? '', /^having executed: setup query failed: Neo\.ClientError\.Statement\.SyntaxError/)
    const [scenario] = parseFeature('Feature: F\n  Scenario: S\n    Given any graph\n', 'x/F.feature')
    assert.ok(scenario)
    const unopened = await runScenario(scenario, { open: () => Promise.reject(new Error('no disk')), graphsDir })
    assert.deepEqual(unopened, { id: 'x/F.feature:2', area: 'x', passed: false, reason: 'cannot open the database: Error: no disk' })
  })
})
