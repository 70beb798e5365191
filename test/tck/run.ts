import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadScenarios, type TckScenario } from './gherkin/load.js'
import { runInWorkers } from './pool.js'
import { summarize, type TckReport } from './report.js'

/** The TCK sits beside the checkout (`../shared/tck`), never inside it. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const DEFAULT_TCK_DIR = resolve(REPOSITORY_ROOT, '../shared/tck')

export interface TckRunOptions {
  readonly tckDir?: string
  /** Runs only scenarios whose id, feature or name contains this text. */
  readonly filter?: string
  readonly workers?: number
  readonly scenarioTimeoutMs?: number
  readonly runTimeoutMs?: number
  /** See PoolOptions.engineModule. */
  readonly engineModule?: string
}

export interface TckRun {
  readonly report: TckReport
  readonly elapsedMs: number
}

/** Enough for any TCK scenario on a busy 2-core machine; a hang costs this much once. */
export const SCENARIO_TIMEOUT_MS = 5_000
/** The whole run: the test suite's budget for the TCK, whatever the engine does. */
export const RUN_TIMEOUT_MS = 150_000

export async function runTck(options: TckRunOptions = {}): Promise<TckRun> {
  const started = performance.now()
  const scenarios = selectScenarios(loadTck(options.tckDir ?? DEFAULT_TCK_DIR), options.filter)
  const outcomes = await runInWorkers(scenarios, {
    workers: options.workers ?? Math.min(2, availableParallelism()),
    scenarioTimeoutMs: options.scenarioTimeoutMs ?? SCENARIO_TIMEOUT_MS,
    runTimeoutMs: options.runTimeoutMs ?? RUN_TIMEOUT_MS,
    graphsDir: join(options.tckDir ?? DEFAULT_TCK_DIR, 'graphs'),
    ...(options.engineModule !== undefined && { engineModule: options.engineModule }),
  })
  return { report: summarize(outcomes), elapsedMs: performance.now() - started }
}

/** Every scenario of the TCK at `tckDir`; throws, naming the path, when there are none. */
export function loadTck(tckDir: string): TckScenario[] {
  const featuresDir = join(tckDir, 'features')
  if (!existsSync(featuresDir)) {
    throw new Error(`the openCypher TCK is missing: no ${featuresDir} (it is expected at ../shared/tck beside the checkout)`)
  }
  const scenarios = loadScenarios(featuresDir)
  if (scenarios.length === 0) throw new Error(`no TCK scenarios found under ${featuresDir}`)
  return scenarios
}

export function selectScenarios(scenarios: readonly TckScenario[], filter: string | undefined): TckScenario[] {
  if (filter === undefined || filter === '') return [...scenarios]
  const selected = scenarios.filter((scenario) => `${scenario.id} ${scenario.feature} ${scenario.name}`.includes(filter))
  if (selected.length === 0) throw new Error(`no TCK scenario matches TCK_FILTER=${JSON.stringify(filter)}`)
  return selected
}
