import { timingSafeEqual } from 'node:crypto'
import type { Credentials } from '../../config/index.js'
import { NornicError } from '../../errors/index.js'
import type { PackMap } from './packstream.js'

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Checks the auth token of HELLO (Bolt 4.4 and 5.0) or LOGON (5.1 and later) against the node's
 * credentials: the `basic` scheme with `principal` and `credentials`. With authentication off
 * (NORNICDB_AUTH=none) any token is accepted. Returns the user name; throws Unauthorized.
 */
export function checkAuthToken(token: PackMap, expected: Credentials | null): string {
  const principal = typeof token.principal === 'string' ? token.principal : ''
  if (expected === null) return principal
  if (token.scheme !== 'basic') {
    throw new NornicError('Neo.ClientError.Security.Unauthorized', `authentication scheme ${String(token.scheme ?? 'none')} is not supported; use basic with the node's user and password`)
  }
  const credentials = typeof token.credentials === 'string' ? token.credentials : ''
  if (!(sameText(principal, expected.user) && sameText(credentials, expected.password))) {
    throw new NornicError('Neo.ClientError.Security.Unauthorized', 'the client is unauthorized due to authentication failure')
  }
  return principal
}
