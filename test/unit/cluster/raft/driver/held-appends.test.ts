import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it, mock } from 'node:test'
import { HeldAppends } from '../../../../../src/cluster/raft/driver/held-appends.js'
import type { AppendMessage, Entry } from '../../../../../src/cluster/raft/types.js'

function append(to: string, commit: number, entries: readonly Entry[] = []): AppendMessage {
  return { type: 'append', from: 'n1', to, term: 2, prevIndex: commit, prevTerm: 2, entries, commit }
}

const entry = (index: number): Entry => ({ index, term: 2, type: 'normal', data: `w${index}` })

describe('HeldAppends', () => {
  let sent: AppendMessage[]
  let held: HeldAppends
  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout'] })
    sent = []
    held = new HeldAppends(1, (message) => sent.push(message))
  })
  afterEach(() => {
    held.stop()
    mock.timers.reset()
  })

  it('sends an append with entries at once, and drops the empty one it makes unneeded', () => {
    held.send(append('n2', 5))
    assert.equal(sent.length, 0)
    held.send(append('n2', 5, [entry(6)]))
    assert.deepEqual(sent.map((m) => m.entries.length), [1])
    mock.timers.tick(5)
    assert.equal(sent.length, 1, 'the empty append was dropped')
  })

  it('sends a held append after the window, the newest per follower', () => {
    held.send(append('n2', 5))
    held.send(append('n3', 5))
    held.send(append('n2', 6))
    mock.timers.tick(0)
    assert.equal(sent.length, 0)
    mock.timers.tick(1)
    assert.deepEqual(sent.map((m) => `${m.to}@${m.commit}`).sort(), ['n2@6', 'n3@5'])
  })

  it('releases what is held for a follower before another message goes there, keeping their order', () => {
    held.send(append('n2', 5))
    held.send(append('n3', 5))
    held.release('n2')
    assert.deepEqual(sent.map((m) => m.to), ['n2'])
    held.release('n2')
    assert.equal(sent.length, 1)
  })

  it('holds nothing with a window of 0, and stop drops what is held', () => {
    const direct: AppendMessage[] = []
    const unheld = new HeldAppends(0, (message) => direct.push(message))
    unheld.send(append('n2', 5))
    assert.equal(direct.length, 1)
    held.send(append('n2', 5))
    held.stop()
    mock.timers.tick(5)
    assert.equal(sent.length, 0)
  })
})
