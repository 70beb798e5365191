import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseCommand, parseScenario } from './scenario/datadriven.js'

const FILE = `# What it proves.

add-nodes 3 election=5
campaign n1
----
old output

# between blocks
roles
----
ok
`

test('a scenario file parses into blocks and renders back with new outputs only', () => {
  const parsed = parseScenario(FILE)
  assert.equal(parsed.blocks.length, 2)
  assert.equal(parsed.blocks[0]!.expected, 'old output')
  assert.deepEqual(parsed.blocks[0]!.commands.map((c) => c.verb), ['add-nodes', 'campaign'])
  assert.equal(parsed.render(['old output', 'ok']), FILE)
  assert.equal(parsed.render(['new a\nnew b', 'ok']), FILE.replace('old output', 'new a\nnew b'))
})

test('commands split into words and key=value options', () => {
  const command = parseCommand('add-nodes 3 joining election=5')
  assert.deepEqual(command.args, ['3', 'joining'])
  assert.equal(command.options.get('election'), '5')
})

test('a block without its ---- line is an error naming the line', () => {
  assert.throws(() => parseScenario('# x\n\nroles\n\nstatus n1\n----\nok\n'), /line 3/)
})
