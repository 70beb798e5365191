import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { QueryResult } from '../../src/graph/command.js'
import { NodeValue, RelationshipValue, type MapValue } from '../../src/graph/values.js'
import type { TckSession } from './engine.js'
import { EXPECTED_ERROR, describeError, expectedError, judgeError } from './errors.js'
import type { TckStep } from './gherkin/load.js'
import {
  NO_SIDE_EFFECTS, elementsOf, expectedSideEffects, graphState, sideEffects, sideEffectsMismatch, type GraphState,
  type SideEffects,
} from './side-effects.js'
import { expectedResult, resultMismatch } from './values/compare.js'
import { parseValue } from './values/notation.js'

/** What one scenario carries from step to step. */
export interface ScenarioState {
  readonly session: TckSession
  readonly graphsDir: string
  /**
   * Reading the graph costs two queries, so it is done only when a later step judges side
   * effects; the scenario's steps are known before it runs.
   */
  readonly measuresSideEffects: boolean
  parameters: MapValue
  /** The graph as it was before the last `executing query` (not control query). */
  before?: GraphState
  /** What the last query did. */
  outcome?: { readonly result: QueryResult } | { readonly error: unknown }
  /** Set when an expected error matched on type; says whether facts.detail agreed. */
  errorDetail?: 'same' | 'different' | 'absent'
  errorDetailNote?: string
}

/** Thrown by a step whose expectation does not hold; the message is the reason. */
export class StepFailure extends Error {
  override readonly name = 'StepFailure'
}

interface StepHandler {
  readonly pattern: RegExp
  run(state: ScenarioState, step: TckStep, match: RegExpExecArray): Promise<void> | void
}

/** One handler per step the TCK uses; a step that matches none fails its scenario. */
const HANDLERS: readonly StepHandler[] = [
  { pattern: /^(an empty|any) graph$/, run: () => {} },
  { pattern: /^the ([\w-]+) graph$/, run: (state, _step, match) => loadNamedGraph(state, match[1] ?? '') },
  {
    pattern: /^having executed:$/,
    run: async (state, step) => {
      try {
        await state.session.run(docString(step))
      } catch (error) {
        throw new StepFailure(`setup query failed: ${describeError(error)}`)
      }
    },
  },
  {
    pattern: /^parameters are:$/,
    run: (state, step) => {
      state.parameters = Object.fromEntries(table(step).map(([name = '', value = '']) => [name, parseValue(value)]))
    },
  },
  {
    pattern: /^executing (control )?query:$/,
    run: async (state, step, match) => {
      if (match[1] === undefined && state.measuresSideEffects) state.before = await readGraph(state.session)
      try {
        state.outcome = { result: await state.session.run(docString(step), state.parameters) }
      } catch (error) {
        state.outcome = { error }
      }
    },
  },
  {
    pattern: /^the result should be(, in (any )?order)?( \(ignoring element order for lists\))?:$/,
    run: (state, step, match) => {
      const ordered = match[1] !== undefined && match[2] === undefined
      const mismatch = resultMismatch(expectedResult(table(step), ordered, match[3] !== undefined), lastResult(state))
      if (mismatch !== undefined) throw new StepFailure(mismatch)
    },
  },
  {
    pattern: /^the result should be empty$/,
    run: (state) => {
      const { rows } = lastResult(state)
      if (rows.length > 0) throw new StepFailure(`expected no rows, got ${rows.length}`)
    },
  },
  { pattern: EXPECTED_ERROR, run: (state, step) => checkError(state, step.text) },
  {
    pattern: /^the side effects should be:$/,
    run: (state, step) => checkSideEffects(state, expectedSideEffects(table(step))),
  },
  { pattern: /^no side effects$/, run: (state) => checkSideEffects(state, NO_SIDE_EFFECTS) },
]

export async function runStep(state: ScenarioState, step: TckStep): Promise<void> {
  for (const handler of HANDLERS) {
    const match = handler.pattern.exec(step.text)
    if (match !== null) return handler.run(state, step, match)
  }
  throw new StepFailure('the runner does not support this step')
}

export function judgesSideEffects(steps: readonly TckStep[]): boolean {
  return steps.some((step) => /^(the side effects should be:|no side effects)$/.test(step.text))
}

function lastResult(state: ScenarioState): QueryResult {
  const outcome = state.outcome
  if (outcome === undefined) throw new StepFailure('no query was executed before the result step')
  if ('error' in outcome) throw new StepFailure(`expected a result, got ${describeError(outcome.error)}`)
  return outcome.result
}

function checkError(state: ScenarioState, stepText: string): void {
  const expected = expectedError(stepText)
  const outcome = state.outcome
  if (expected === undefined || outcome === undefined) throw new StepFailure('no query was executed before the error step')
  if ('result' in outcome) {
    throw new StepFailure(`expected a ${expected.type} (${expected.detail}), but the query succeeded with ${outcome.result.rows.length} rows`)
  }
  const verdict = judgeError(expected, outcome.error)
  if (!verdict.matches) throw new StepFailure(verdict.reason)
  state.errorDetail = verdict.detail
  if (verdict.detail === 'different') state.errorDetailNote = `expected detail ${expected.detail}, got ${verdict.actualDetail}`
}

async function checkSideEffects(state: ScenarioState, expected: SideEffects): Promise<void> {
  if (state.before === undefined) throw new StepFailure('no query was executed before the side effects step')
  const mismatch = sideEffectsMismatch(expected, sideEffects(state.before, await readGraph(state.session)))
  if (mismatch !== undefined) throw new StepFailure(mismatch)
}

async function readGraph(session: TckSession): Promise<GraphState> {
  try {
    const nodes = await session.run('MATCH (n) RETURN n')
    const relationships = await session.run('MATCH ()-[r]->() RETURN r')
    return graphState(elementsOf(nodes.rows, NodeValue), elementsOf(relationships.rows, RelationshipValue))
  } catch (error) {
    throw new StepFailure(`cannot read the graph to measure side effects: ${describeError(error)}`)
  }
}

/** graphs/<name>/*.cypher: statements separated by `;` at the end of a line. */
async function loadNamedGraph(state: ScenarioState, name: string): Promise<void> {
  const dir = join(state.graphsDir, name)
  const files = readdirSync(dir).filter((file) => file.endsWith('.cypher')).sort()
  for (const file of files) {
    const statements = readFileSync(join(dir, file), 'utf8').split(/;\s*$/m).map((text) => text.trim()).filter(Boolean)
    for (const statement of statements) {
      try {
        await state.session.run(statement)
      } catch (error) {
        throw new StepFailure(`loading the ${name} graph failed: ${describeError(error)}`)
      }
    }
  }
}

function docString(step: TckStep): string {
  if (step.docString === undefined) throw new StepFailure(`step "${step.text}" has no query`)
  return step.docString
}

function table(step: TckStep): readonly (readonly string[])[] {
  if (step.table === undefined) throw new StepFailure(`step "${step.text}" has no table`)
  return step.table
}
