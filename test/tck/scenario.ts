import { TckSession, type OpenDatabase } from './engine.js'
import { describeError } from './errors.js'
import type { TckScenario } from './gherkin/load.js'
import { StepFailure, judgesSideEffects, runStep, type ScenarioState } from './steps.js'

export interface ScenarioOutcome {
  readonly id: string
  readonly area: string
  readonly passed: boolean
  /** Why it failed: the step and what differed. */
  readonly reason?: string
  /** For a scenario that expects an error and got the right type: did facts.detail agree? */
  readonly errorDetail?: 'same' | 'different' | 'absent'
  readonly errorDetailNote?: string
}

export interface ScenarioOptions {
  readonly open: OpenDatabase
  /** The TCK's graphs/ folder, for `Given the <name> graph`. */
  readonly graphsDir: string
}

/**
 * Runs one scenario against a fresh database and never throws: any failure, including an
 * engine that crashes or cannot open, becomes a failed outcome naming the step. Time bounds
 * are the caller's, since only the caller can stop a scenario that never yields.
 */
export async function runScenario(scenario: TckScenario, options: ScenarioOptions): Promise<ScenarioOutcome> {
  const base = { id: scenario.id, area: scenario.area }
  let database
  try {
    database = await options.open()
  } catch (error) {
    return { ...base, passed: false, reason: `cannot open the database: ${describeError(error)}` }
  }
  const state: ScenarioState = {
    session: new TckSession(database),
    graphsDir: options.graphsDir,
    measuresSideEffects: judgesSideEffects(scenario.steps),
    parameters: {},
  }
  try {
    for (const step of scenario.steps) {
      try {
        await runStep(state, step)
      } catch (error) {
        const problem = error instanceof StepFailure ? error.message : `runner or engine crashed: ${describeError(error)}`
        return { ...base, passed: false, reason: `${step.text.replace(/:$/, '')}: ${problem}` }
      }
    }
    return {
      ...base,
      passed: true,
      ...(state.errorDetail !== undefined && { errorDetail: state.errorDetail }),
      ...(state.errorDetailNote !== undefined && { errorDetailNote: state.errorDetailNote }),
    }
  } finally {
    await Promise.resolve()
      .then(() => database.close())
      .catch(() => {})
  }
}
