import { timingSafeEqual } from 'node:crypto'
import type { Credentials } from '../../config/index.js'
import { NornicError } from '../../errors/index.js'

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Checks an HTTP Basic `Authorization` header; throws Unauthorized naming what was wrong. */
export function checkBasicAuth(header: string | undefined, expected: Credentials | null): void {
  if (expected === null) return
  if (header === undefined) {
    throw new NornicError('Neo.ClientError.Security.Unauthorized', 'no credentials given: send HTTP Basic authentication')
  }
  const [scheme, encoded] = header.split(' ', 2)
  const decoded = scheme?.toLowerCase() === 'basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8') : ''
  const colon = decoded.indexOf(':')
  const user = decoded.slice(0, colon)
  const password = decoded.slice(colon + 1)
  if (colon < 0 || !(sameText(user, expected.user) && sameText(password, expected.password))) {
    throw new NornicError('Neo.ClientError.Security.Unauthorized', 'the client is unauthorized due to authentication failure')
  }
}
