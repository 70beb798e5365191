import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { ERROR_CODES } from '../../../src/errors/index.js'

describe('docs/errors.md', () => {
  const rows = new Map(
    [...readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8').matchAll(/^\| `([^`]+)` \| (\d+) \| (\d+) \|/gm)]
      .map(([, code, http, exit]) => [code as string, { http: Number(http), exit: Number(exit) }]),
  )

  it('lists every code with its HTTP status and exit code', () => {
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      assert.deepEqual(rows.get(code), { http: spec.httpStatus, exit: spec.exitCode }, `${code} in docs/errors.md`)
    }
  })

  it('lists no code that is gone', () => {
    for (const code of rows.keys()) assert.ok(code in ERROR_CODES, `${code} is still a code`)
    assert.equal(rows.size, Object.keys(ERROR_CODES).length)
  })
})
