import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { NornicError } from '../../../src/errors/index.js'
import { expectedError, judgeError } from '../../tck/errors.js'

// Error steps: shared/tck/README.adoc, "Cypher errors".
describe('TCK expected errors', () => {
  test('the step names a type, a phase and a detail, or * for any detail', () => {
    assert.deepEqual(expectedError('a SyntaxError should be raised at compile time: UndefinedVariable'), {
      type: 'SyntaxError', phase: 'compile time', detail: 'UndefinedVariable',
    })
    assert.deepEqual(expectedError('an ArgumentError should be raised at runtime: NumberOutOfRange')?.type, 'ArgumentError')
    assert.deepEqual(expectedError('a TypeError should be raised at any time: *')?.detail, '*')
    assert.equal(expectedError('the result should be empty'), undefined)
  })

  test('the type is the last part of the NornicError code; the detail is judged apart', () => {
    const expected = { type: 'SyntaxError', phase: 'compile time', detail: 'UndefinedVariable' }
    const error = (detail?: string): NornicError =>
      new NornicError('Neo.ClientError.Statement.SyntaxError', 'bad', detail === undefined ? {} : { detail })
    assert.deepEqual(judgeError(expected, error('UndefinedVariable')), { matches: true, detail: 'same', actualDetail: 'UndefinedVariable' })
    assert.deepEqual(judgeError(expected, error('Other')), { matches: true, detail: 'different', actualDetail: 'Other' })
    assert.deepEqual(judgeError(expected, error()), { matches: true, detail: 'absent' })
    assert.deepEqual(judgeError({ ...expected, detail: '*' }, error('Any')), { matches: true, detail: 'same', actualDetail: 'Any' })
  })

  test('ConstraintVerificationFailed is what nornic calls ConstraintValidationFailed', () => {
    const verdict = judgeError(
      { type: 'ConstraintVerificationFailed', phase: 'runtime', detail: 'DeleteConnectedNode' },
      new NornicError('Neo.ClientError.Schema.ConstraintValidationFailed', 'still has relationships'),
    )
    assert.equal(verdict.matches, true)
  })

  test('another type, or an error that is not a NornicError, does not match', () => {
    const expected = { type: 'TypeError', phase: 'runtime', detail: 'InvalidArgumentType' }
    const syntax = judgeError(expected, new NornicError('Neo.ClientError.Statement.SyntaxError', 'bad'))
    assert.equal(syntax.matches, false)
    const plain = judgeError(expected, new TypeError('x is not a function'))
    assert.deepEqual(plain, { matches: false, reason: 'expected a TypeError, got a non-nornic error: TypeError: x is not a function' })
  })
})
