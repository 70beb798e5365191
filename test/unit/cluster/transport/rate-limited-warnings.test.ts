import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RateLimitedWarnings, WARNING_INTERVAL_MS } from '../../../../src/cluster/transport/rate-limited-warnings.js'
import { TestEnvironment } from './support.js'

describe('rate-limited warnings (a bad peer is logged at most once a minute)', () => {
  it('logs a peer once per interval and then says how many lines it left out', () => {
    const env = new TestEnvironment()
    const warnings = new RateLimitedWarnings(env.logger, env.clock)
    assert.equal(warnings.warn('node-2', { reason: 'malformed' }, 'first'), true)
    for (let index = 0; index < 5; index += 1) assert.equal(warnings.warn('node-2', {}, 'again'), false)
    env.nowMs += WARNING_INTERVAL_MS - 1
    assert.equal(warnings.warn('node-2', {}, 'still too soon'), false)
    env.nowMs += 1
    assert.equal(warnings.warn('node-2', { reason: 'oversized' }, 'a minute later'), true)
    assert.deepEqual(env.warnings().map((line) => [line.message, line.fields]), [
      ['first', { reason: 'malformed', peer: 'node-2' }],
      ['a minute later', { reason: 'oversized', peer: 'node-2', suppressed: 6 }],
    ])
  })

  it('keeps each peer apart', () => {
    const env = new TestEnvironment()
    const warnings = new RateLimitedWarnings(env.logger, env.clock)
    assert.equal(warnings.warn('node-2', {}, 'from 2'), true)
    assert.equal(warnings.warn('10.0.0.9', {}, 'from 9'), true)
    assert.equal(warnings.warn('node-2', {}, 'from 2 again'), false)
    assert.equal(env.warnings().length, 2)
  })

  it('forgets peers quiet for an interval once it remembers many, so its memory stays bounded', () => {
    const env = new TestEnvironment()
    const warnings = new RateLimitedWarnings(env.logger, env.clock)
    warnings.warn('node-2', {}, 'first')
    warnings.warn('node-2', {}, 'left out')
    for (let index = 0; index < 1_100; index += 1) warnings.warn(`10.0.${index >> 8}.${index & 255}`, {}, 'hello')
    env.nowMs += WARNING_INTERVAL_MS
    warnings.warn('10.9.9.9', {}, 'a newcomer makes room')
    warnings.warn('node-2', {}, 'back')
    const back = env.warnings().at(-1)
    assert.deepEqual(back?.fields, { peer: 'node-2' }, 'node-2 was forgotten, with its count of left-out lines')
  })
})
