/**
 * What an HTTP answer (or its absence) says about whether a drill's write took effect. `ok`: it
 * did. `fail`: it surely did not; the node refused before proposing it, or said it was not applied.
 * `info`: nobody can tell; the request may have been proposed before the timeout, reset or 5xx.
 * Guessing `fail` where the truth is unknown would make the checkers report anomalies that are
 * not there, so every doubt is `info`.
 */
import type { Outcome } from './history.js'

/** The result of one request: an HTTP answer, or a transport error before any answer. */
export type RequestResult =
  | { readonly kind: 'answer'; readonly status: number; readonly errorCode: string | undefined }
  | { readonly kind: 'transport'; readonly errorCode: string | undefined; readonly timedOut: boolean }

/** Transport errors raised before a byte of the request could leave: nothing reached the node. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])

/**
 * Error codes that a node answers only when the write was not applied and will not be: refused
 * before proposing (not the leader, no leader known, a change under way) or, per the guide's
 * contract, dropped before commit (leadership lost, standby unavailable in sync mode).
 */
const SURELY_NOT_APPLIED = new Set([
  'Neo.ClientError.Cluster.NotALeader',
  'Neo.TransientError.Cluster.NoLeader',
  'Nornic.Cluster.LeadershipLost',
  'Nornic.Cluster.StandbyUnavailable',
  'Nornic.Cluster.ChangeInProgress',
])

export function classifyOutcome(result: RequestResult): Outcome {
  if (result.kind === 'transport') {
    return !result.timedOut && result.errorCode !== undefined && NOT_SENT.has(result.errorCode) ? 'fail' : 'info'
  }
  if (result.status === 200 && result.errorCode === undefined) return 'ok'
  if (result.errorCode !== undefined && SURELY_NOT_APPLIED.has(result.errorCode)) return 'fail'
  // Any other 4xx is a refusal of the request itself (syntax, auth, shape): nothing was proposed.
  if (result.status >= 400 && result.status < 500) return 'fail'
  return 'info'
}
