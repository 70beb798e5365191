// Start-up figures: `nornic --help` wall time, and `nornic serve` from spawn to a 200 on /health/ready.
// Prints median and p99 over a number of runs; never passes or fails.
import { performance } from 'node:perf_hooks'
import { execa } from 'execa'
import { call } from '../test/e2e/support/http.js'
import { BIN, NornicNode, runNornic, stopAllNodes } from '../test/e2e/support/nornic-process.js'
import { summarize } from './support/summary.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 10)

async function timeHelp(): Promise<number> {
  const started = performance.now()
  const result = await runNornic(['--help'])
  if (result.exitCode !== 0) throw new Error(`nornic --help failed: ${result.stderr}`)
  return performance.now() - started
}

async function timeServeToReady(): Promise<number> {
  const started = performance.now()
  const node = await NornicNode.spawn()
  for (let attempt = 0; attempt < 20_000; attempt++) {
    const ready = await call(node.httpUrl, '/health/ready').then((answer) => answer.status === 200, () => false)
    if (ready) break
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  const elapsed = performance.now() - started
  await node.kill('SIGTERM')
  return elapsed
}

const help: number[] = []
const serve: number[] = []
await execa(process.execPath, [BIN, '--version'])
for (let run = 0; run < RUNS; run++) {
  help.push(await timeHelp())
  serve.push(await timeServeToReady())
}
await stopAllNodes()
console.log(summarize('nornic --help (ms)', help))
console.log(summarize('nornic serve to ready (ms)', serve))
