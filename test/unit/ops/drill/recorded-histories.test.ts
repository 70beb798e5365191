import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'
import { readHistoryFile } from '../../../../src/ops/drill/history-file.js'
import { checkInsertOnlySet } from '../../../../src/ops/drill/history-set-check.js'
import { pairOperations } from '../../../../src/ops/drill/history.js'
import { checkRegisters } from '../../../../src/ops/drill/linearizability/index.js'

async function check(name: string): Promise<{ registers: ReturnType<typeof checkRegisters>; set: ReturnType<typeof checkInsertOnlySet> }> {
  const operations = pairOperations(await readHistoryFile(fileURLToPath(new URL(`histories/${name}`, import.meta.url))))
  return { registers: checkRegisters(operations), set: checkInsertOnlySet(operations) }
}

// Issue 8, Tests: the checkers run on recorded histories (a register `r` and a set `s`, the final
// reads of every node at the end) with planted anomalies; each is caught and the clean one passes.
describe('recorded drill histories', () => {
  it('clean.jsonl passes both checks (an info add present on both nodes, a failed write and add absent)', async () => {
    const { registers, set } = await check('clean.jsonl')
    assert.equal(registers.verdict, 'linearizable')
    assert.equal(set.ok, true)
    assert.deepEqual([set.attempted, set.acknowledged, set.infoPresent], [3, 1, 1])
  })

  it('stale-read.jsonl: a read of the register sees the value a completed cas replaced', async () => {
    const { registers, set } = await check('stale-read.jsonl')
    assert.ok(registers.verdict === 'not-linearizable')
    assert.equal(registers.key, 'r')
    assert.match(registers.explanation.message, /p4 read r 1 ok \[20\.\.21\] node-1/)
    assert.equal(set.ok, true)
  })

  it('lost-write.jsonl: node-2 lacks an acknowledged add', async () => {
    const { set } = await check('lost-write.jsonl')
    assert.equal(set.ok, false)
    assert.deepEqual(set.lost.map((loss) => [loss.value, loss.missingOn]), [[10, ['node-2']]])
  })

  it('never-written.jsonl: values nobody wrote show up in the register and the set', async () => {
    const { registers, set } = await check('never-written.jsonl')
    assert.ok(registers.verdict === 'not-linearizable')
    assert.deepEqual(registers.explanation.unplaceable.value, 7)
    assert.deepEqual(set.unexpected.map((value) => [value.value, value.node, value.reason]), [[99, 'node-1', 'never-added'], [12, 'node-2', 'failed']])
    assert.deepEqual(set.lost.map((loss) => loss.value), [])
  })
})
