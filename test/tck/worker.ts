import { parentPort, workerData } from 'node:worker_threads'
import type { TckScenario } from './gherkin/load.js'
import type { OpenDatabase } from './engine.js'
import { runScenario, type ScenarioOutcome } from './scenario.js'

/** What a worker sends back to the pool. */
export type WorkerMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'outcome'; readonly outcome: ScenarioOutcome }

/**
 * A worker thread of the pool (pool.ts): runs the scenarios it is sent, one at a time, each
 * against a fresh database from the engine module it was given, and answers with the
 * outcome. It says `ready` once the engine is loaded, so loading never counts against a
 * scenario's time.
 */
const { graphsDir, engineModule } = workerData as { graphsDir: string; engineModule: string }
const { openDatabase } = (await import(engineModule)) as { openDatabase: OpenDatabase }
const port = parentPort
if (port === null) throw new Error('test/tck/worker.ts runs only as a worker thread')

port.on('message', (scenario: TckScenario) => {
  void runScenario(scenario, { open: openDatabase, graphsDir }).then((outcome) => {
    port.postMessage({ kind: 'outcome', outcome } satisfies WorkerMessage)
  })
})

// A failure to load shows in every scenario's outcome ("cannot open the database: ...").
await openDatabase().then((database) => database.close()).catch(() => {})
port.postMessage({ kind: 'ready' } satisfies WorkerMessage)
