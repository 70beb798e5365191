import { Worker } from 'node:worker_threads'
import type { TckScenario } from './gherkin/load.js'
import type { ScenarioOutcome } from './scenario.js'
import type { WorkerMessage } from './worker.js'

export interface PoolOptions {
  readonly workers: number
  /** A scenario still running after this long fails, and its worker is replaced. */
  readonly scenarioTimeoutMs: number
  readonly graphsDir: string
  /**
   * The whole run's bound: scenarios not started within it fail as not run, so an
   * engine that hangs in many scenarios still cannot stretch the test suite.
   */
  readonly runTimeoutMs: number
  /** URL of a module exporting `openDatabase: OpenDatabase`; open-database.ts by default. */
  readonly engineModule?: string
}

/** Loading tsx and the engine in a fresh thread; generous, since the machine may be busy. */
const WORKER_START_TIMEOUT_MS = 60_000
const WORKER_FILE = new URL('./worker.ts', import.meta.url).href
const DEFAULT_ENGINE_MODULE = new URL('./open-database.ts', import.meta.url).href

/**
 * Worker threads load TypeScript through tsx's API: the entry module of a worker is loaded
 * before any `--import` hook of the parent applies to it, so the worker registers tsx first.
 */
function bootstrapSource(): string {
  const tsxApi = import.meta.resolve('tsx/esm/api')
  return `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_FILE)}) })`
}

/**
 * Runs scenarios on worker threads, one scenario per worker at a time. A thread is what
 * lets the runner stop a scenario whose query never yields (a loop in the engine blocks its
 * whole thread): the timer fires on the main thread, which terminates that worker, records
 * the scenario as failed, and starts a fresh worker for the rest. Outcomes come back in
 * the order of `scenarios`.
 */
export async function runInWorkers(
  scenarios: readonly TckScenario[],
  options: PoolOptions,
): Promise<ScenarioOutcome[]> {
  const outcomes: ScenarioOutcome[] = new Array<ScenarioOutcome>(scenarios.length)
  const source = bootstrapSource()
  const deadline = performance.now() + options.runTimeoutMs
  let next = 0

  const lane = async (): Promise<void> => {
    let worker: Worker | undefined
    try {
      while (next < scenarios.length) {
        const index = next++
        const scenario = scenarios[index] as TckScenario
        if (performance.now() > deadline) {
          outcomes[index] = notRun(scenario, options.runTimeoutMs)
          continue
        }
        worker ??= await startWorker(source, { graphsDir: options.graphsDir, engineModule: options.engineModule ?? DEFAULT_ENGINE_MODULE })
        const outcome = await runOne(worker, scenario, options.scenarioTimeoutMs)
        outcomes[index] = outcome.result
        if (outcome.workerLost) {
          await worker.terminate()
          worker = undefined
        }
      }
    } catch (error) {
      next = scenarios.length // the other lanes stop after their current scenario
      throw error
    } finally {
      await worker?.terminate()
    }
  }

  const lanes = await Promise.allSettled(Array.from({ length: Math.max(1, options.workers) }, lane))
  for (const settled of lanes) if (settled.status === 'rejected') throw settled.reason
  return outcomes
}

function notRun(scenario: TckScenario, runTimeoutMs: number): ScenarioOutcome {
  return { id: scenario.id, area: scenario.area, passed: false, reason: `not run: the TCK run passed its bound of ${runTimeoutMs} ms` }
}

async function startWorker(source: string, workerData: { graphsDir: string; engineModule: string }): Promise<Worker> {
  const worker = new Worker(source, { eval: true, workerData })
  const failure = await exchange(worker, undefined, WORKER_START_TIMEOUT_MS, (message) => message.kind === 'ready')
  if (failure === undefined) return worker
  await worker.terminate()
  throw new Error(`a TCK worker did not start: ${failure}`)
}

interface RunOneResult {
  readonly result: ScenarioOutcome
  /** The worker hung or died and must not run another scenario. */
  readonly workerLost: boolean
}

async function runOne(worker: Worker, scenario: TckScenario, timeoutMs: number): Promise<RunOneResult> {
  let outcome: ScenarioOutcome | undefined
  const failure = await exchange(worker, scenario, timeoutMs, (message) => {
    if (message.kind === 'outcome') outcome = message.outcome
    return outcome !== undefined
  })
  if (outcome !== undefined) return { result: outcome, workerLost: false }
  return { result: { id: scenario.id, area: scenario.area, passed: false, reason: failure }, workerLost: true }
}

/**
 * Sends `request` (if any) and waits until `done` accepts a message. Resolves to undefined
 * then, or to why it never came: a timeout, a crash or an exit of the worker.
 */
function exchange(
  worker: Worker,
  request: unknown,
  timeoutMs: number,
  done: (message: WorkerMessage) => boolean,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const settle = (failure: string | undefined): void => {
      clearTimeout(timer)
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
      resolve(failure)
    }
    const onMessage = (message: WorkerMessage): void => {
      if (done(message)) settle(undefined)
    }
    const onError = (error: Error): void => settle(`the worker crashed: ${error.name}: ${error.message}`)
    const onExit = (code: number): void => settle(`the worker exited with code ${code}`)
    const timer = setTimeout(() => settle(`timed out after ${timeoutMs} ms`), timeoutMs)
    worker.on('message', onMessage)
    worker.on('error', onError)
    worker.on('exit', onExit)
    if (request !== undefined) worker.postMessage(request)
  })
}
