// Runs every scenario file in ./scenarios (etcd-io/raft testdata style). REWRITE=1 regenerates
// the expected outputs in place; review the diff before keeping it.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { parseScenario } from './scenario/datadriven.js'
import { ScenarioEnv } from './scenario/env.js'
import { VERBS } from './scenario/verbs.js'

const folder = join(dirname(fileURLToPath(import.meta.url)), 'scenarios')
const rewrite = process.env['REWRITE'] === '1'

for (const file of readdirSync(folder).filter((name) => name.endsWith('.txt')).sort()) {
  test(`raft scenario ${file.replace(/\.txt$/, '')}`, () => {
    const path = join(folder, file)
    const text = readFileSync(path, 'utf8')
    assert.match(text, /^# /, `${file} must open with a comment saying what it proves`)
    const parsed = parseScenario(text)
    const env = new ScenarioEnv()
    const outputs: string[] = []
    for (const block of parsed.blocks) {
      env.output.length = 0
      for (const command of block.commands) {
        const verb = VERBS[command.verb]
        if (verb === undefined) throw new Error(`${file}:${block.line}: unknown command ${command.verb}`)
        try {
          verb.run(env, command)
        } catch (error) {
          throw new Error(`${file}:${block.line}: ${command.verb} failed (usage: ${verb.usage})`, { cause: error })
        }
      }
      const actual = env.output.length === 0 ? 'ok' : env.output.join('\n')
      outputs.push(actual)
      if (!rewrite) assert.equal(actual, block.expected, `${file}:${block.line}: output differs (REWRITE=1 regenerates)`)
    }
    if (rewrite) writeFileSync(path, parsed.render(outputs))
  })
}
