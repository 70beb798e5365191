import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { isNornicError } from '../../../../src/errors/index.js'
import { formatHistoryLines, parseHistoryLines, readHistoryFile, writeHistoryFile } from '../../../../src/ops/drill/history-file.js'
import { HistoryRecorder } from '../../../../src/ops/drill/history-recorder.js'
import { describeOperation, pairOperations, type HistoryEvent } from '../../../../src/ops/drill/history.js'

const event = (process: number, type: HistoryEvent['type'], f: HistoryEvent['f'], value: unknown, time: number, key = 'x'): HistoryEvent => ({
  process, type, f, key, value, time, node: 'node-1',
})

function assertInvalid(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error) => isNornicError(error) && error.code === 'Neo.ClientError.Request.InvalidFormat' && pattern.test(error.message))
}

describe('operation history', () => {
  it('pairs invokes with completions, in invoke order, and takes a read value from its ok', () => {
    const operations = pairOperations([
      event(0, 'invoke', 'write', 1, 10),
      event(1, 'invoke', 'read', null, 11),
      event(1, 'ok', 'read', 1, 15),
      event(0, 'info', 'write', 1, 20),
      event(2, 'invoke', 'cas', [1, 2], 21),
      event(2, 'fail', 'cas', [1, 2], 22),
      event(3, 'invoke', 'add', 7, 23, 's'),
    ])
    assert.deepEqual(
      operations.map((operation) => [operation.index, operation.f, operation.value, operation.outcome, operation.invokeTime, operation.completeTime]),
      [[0, 'write', 1, 'info', 10, undefined], [1, 'read', 1, 'ok', 11, 15], [4, 'cas', [1, 2], 'fail', 21, 22], [6, 'add', 7, 'info', 23, undefined]],
    )
    assert.equal(describeOperation(operations[1] as (typeof operations)[number]), 'p1 read x 1 ok [11..15] node-1')
  })

  it('a process may invoke again after an info completion', () => {
    const operations = pairOperations([event(0, 'invoke', 'write', 1, 1), event(0, 'info', 'write', 1, 2), event(0, 'invoke', 'write', 2, 3), event(0, 'ok', 'write', 2, 4)])
    assert.deepEqual(operations.map((operation) => operation.outcome), ['info', 'ok'])
  })

  it('names the event that breaks the pairing', () => {
    assertInvalid(() => pairOperations([event(0, 'ok', 'write', 1, 1)]), /^history event 1: process 0 completes an op it never invoked/)
    assertInvalid(() => pairOperations([event(0, 'invoke', 'write', 1, 1), event(0, 'invoke', 'write', 2, 2)]), /^history event 2: process 0 invokes again while its op from event 1/)
    assertInvalid(() => pairOperations([event(0, 'invoke', 'write', 1, 1), event(0, 'ok', 'read', 1, 2)]), /^history event 2: the completion \(read x\) does not match/)
    assertInvalid(() => pairOperations([event(0, 'invoke', 'write', 1, 5), event(0, 'ok', 'write', 1, 2)]), /^history event 2: completes at time 2, before its invoke at 5/)
    assertInvalid(() => pairOperations([event(0, 'invoke', 'cas', 1, 5)]), /^history event 1: a cas value is \[expected, new\]/)
  })

  it('records invokes and completions with the injected clock', () => {
    let clock = 100
    const recorder = new HistoryRecorder(() => clock++)
    const write = recorder.invoke(0, 'write', 'x', 5, 'node-2')
    const read = recorder.invoke(1, 'read', 'x', null, 'node-3')
    read.ok(5)
    write.info()
    write.ok()
    const cas = recorder.invoke(2, 'cas', 'x', [5, 6], 'node-2')
    cas.fail()
    assert.deepEqual(recorder.events().map(({ process, type, value, time }) => [process, type, value, time]), [
      [0, 'invoke', 5, 100], [1, 'invoke', null, 101], [1, 'ok', 5, 102], [0, 'info', 5, 103], [2, 'invoke', [5, 6], 104], [2, 'fail', [5, 6], 105],
    ])
  })
})

describe('history files (JSON lines)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nornic-history-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const history = [event(0, 'invoke', 'cas', [null, 'a'], 1.5), event(0, 'ok', 'cas', [null, 'a'], 2e9), event(1, 'invoke', 'read', null, 3), event(1, 'ok', 'read', { nested: [1] }, 4)]

  it('writes one op per line with the keys in Jepsen order, and reads them back unchanged', async () => {
    const text = formatHistoryLines(history)
    assert.equal(text.split('\n')[0], '{"process":0,"type":"invoke","f":"cas","key":"x","value":[null,"a"],"time":1.5,"node":"node-1"}')
    assert.ok(text.endsWith('\n'))
    const path = join(dir, 'history.jsonl')
    await writeHistoryFile(path, history)
    assert.deepEqual(await readHistoryFile(path), history)
    assert.deepEqual(parseHistoryLines(''), [])
  })

  it('skips blank lines and names bad lines by number', () => {
    const lines = formatHistoryLines(history).split('\n')
    assert.equal(parseHistoryLines(['', ...lines, '   '].join('\n')).length, 4)
    assertInvalid(() => parseHistoryLines(`${lines[0]}\n{"process":1,`), /^history line 2: not JSON/)
    assertInvalid(() => parseHistoryLines(`${lines[0]}\n\n[1,2]`, 'run.jsonl'), /^run\.jsonl line 3: an event is a JSON object/)
    const broken = (change: Record<string, unknown>) => `${lines[0]}\n${JSON.stringify({ ...JSON.parse(lines[1] as string), ...change })}`
    assertInvalid(() => parseHistoryLines(broken({ type: 'done' })), /^history line 2: type must be one of invoke, ok, fail, info, not "done"/)
    assertInvalid(() => parseHistoryLines(broken({ f: 'delete' })), /line 2: f must be one of read, write, cas, add/)
    assertInvalid(() => parseHistoryLines(broken({ process: 'p1' })), /line 2: process must be an integer/)
    assertInvalid(() => parseHistoryLines(broken({ time: '12' })), /line 2: time must be a finite number/)
    assertInvalid(() => parseHistoryLines(broken({ key: 3 })), /line 2: key must be a string/)
    assertInvalid(() => parseHistoryLines(broken({ extra: 1 })), /line 2: unknown key extra/)
    assertInvalid(() => parseHistoryLines('{"process":1,"type":"ok"}'), /line 1: missing f, key, value, time, node/)
  })

  it('reports a missing file with its path', async () => {
    await assert.rejects(readHistoryFile(join(dir, 'absent.jsonl')), /ENOENT/)
  })
})
