/**
 * Every error code nornic emits, with the HTTP status and CLI exit code it maps to.
 * Client errors are the caller's to fix (4xx, exit 1); transient errors are worth a retry
 * (503); database errors are ours (500). Configuration errors exit 2.
 */
export interface ErrorCodeSpec {
  readonly httpStatus: number
  readonly exitCode: number
  readonly hint?: string
}

export const ERROR_CODES = {
  'Neo.ClientError.Statement.SyntaxError': { httpStatus: 400, exitCode: 1 },
  'Neo.ClientError.Statement.SemanticError': { httpStatus: 400, exitCode: 1 },
  'Neo.ClientError.Statement.TypeError': { httpStatus: 400, exitCode: 1 },
  'Neo.ClientError.Statement.ArgumentError': { httpStatus: 400, exitCode: 1 },
  'Neo.ClientError.Statement.ParameterMissing': { httpStatus: 400, exitCode: 1 },
  'Neo.ClientError.Statement.EntityNotFound': { httpStatus: 400, exitCode: 1 },
  'Neo.ClientError.Statement.ArithmeticError': { httpStatus: 400, exitCode: 1 },
  'Neo.ClientError.Statement.AccessMode': { httpStatus: 400, exitCode: 1 },
  'Neo.ClientError.Statement.FeatureNotSupported': {
    httpStatus: 400,
    exitCode: 1,
    hint: 'this part of Cypher is outside the subset nornic runs',
  },
  'Neo.ClientError.Schema.ConstraintValidationFailed': { httpStatus: 400, exitCode: 1 },
  'Neo.ClientError.Schema.IndexAlreadyExists': { httpStatus: 400, exitCode: 1 },
  'Neo.ClientError.Schema.IndexNotFound': { httpStatus: 400, exitCode: 1 },
  'Neo.ClientError.Schema.ConstraintAlreadyExists': { httpStatus: 400, exitCode: 1 },
  'Neo.ClientError.Schema.ConstraintNotFound': { httpStatus: 400, exitCode: 1 },
  'Neo.ClientError.Request.Invalid': { httpStatus: 400, exitCode: 1 },
  'Neo.ClientError.Request.InvalidFormat': { httpStatus: 400, exitCode: 1 },
  'Neo.ClientError.Request.EntityTooLarge': { httpStatus: 413, exitCode: 1 },
  'Neo.ClientError.Request.NotFound': { httpStatus: 404, exitCode: 1 },
  'Neo.ClientError.Request.MethodNotAllowed': { httpStatus: 405, exitCode: 1 },
  'Neo.ClientError.Database.DatabaseNotFound': { httpStatus: 404, exitCode: 1 },
  'Neo.ClientError.Transaction.InvalidBookmark': { httpStatus: 400, exitCode: 1 },
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration': { httpStatus: 400, exitCode: 1 },
  'Neo.ClientError.Security.Unauthorized': {
    httpStatus: 401,
    exitCode: 1,
    hint: 'give the node credentials (NORNICDB_AUTH on the node; --user/--password here)',
  },
  'Neo.ClientError.Cluster.NotALeader': { httpStatus: 409, exitCode: 1 },
  'Neo.TransientError.Cluster.NoLeader': {
    httpStatus: 503,
    exitCode: 1,
    hint: 'no leader is known right now; retry in a moment',
  },
  'Neo.TransientError.General.DatabaseUnavailable': { httpStatus: 503, exitCode: 1 },
  'Neo.TransientError.Transaction.BookmarkTimeout': {
    httpStatus: 503,
    exitCode: 1,
    hint: 'this node has not yet applied the write the bookmark names; retry in a moment',
  },
  'Neo.TransientError.Transaction.Outdated': {
    httpStatus: 409,
    exitCode: 1,
    hint: 'a write committed meanwhile changed what the transaction read; run the transaction again',
  },
  'Neo.DatabaseError.General.UnknownError': { httpStatus: 500, exitCode: 1 },
  'Nornic.Config.Invalid': {
    httpStatus: 400,
    exitCode: 2,
    hint: 'fix the setting and start again; `nornic config check` validates without starting',
  },
  'Nornic.Node.DataDirLocked': {
    httpStatus: 500,
    exitCode: 2,
    hint: 'another nornic node is using this data dir; stop it or give this node its own --data-dir',
  },
  'Nornic.Node.DataDirIncompatible': {
    httpStatus: 500,
    exitCode: 2,
    hint: 'the data dir was written by a build whose format this one does not read; run that build, or give this node an empty data dir so it rejoins and catches up',
  },
  'Nornic.Node.ModeNotBuilt': { httpStatus: 500, exitCode: 2 },
  'Nornic.Cluster.PeerUnavailable': {
    httpStatus: 503,
    exitCode: 1,
    hint: 'the peer is not connected on the cluster port; check that it runs and that its advertise address is reachable',
  },
  'Nornic.Cluster.RequestTimeout': {
    httpStatus: 503,
    exitCode: 1,
    hint: 'the peer did not answer in time; it may be overloaded or cut off; retry in a moment',
  },
  'Nornic.Cluster.ProtocolError': { httpStatus: 500, exitCode: 1 },
  'Nornic.Cluster.LeadershipLost': {
    httpStatus: 503,
    exitCode: 1,
    hint: 'the leader changed before the write committed and it was not applied; retry it',
  },
  'Nornic.Cluster.OutcomeUnknown': {
    httpStatus: 503,
    exitCode: 1,
    hint: 'the write may or may not have been applied; check before retrying it',
  },
  'Nornic.Cluster.ChangeInProgress': {
    httpStatus: 503,
    exitCode: 1,
    hint: 'a leadership transfer or membership change is under way; retry in a moment',
  },
  'Nornic.Cluster.TransferFailed': {
    httpStatus: 503,
    exitCode: 1,
    hint: 'the target did not take over leadership in time; check that it is up and caught up, then retry',
  },
  'Nornic.Cluster.RemoveWouldLoseQuorum': {
    httpStatus: 409,
    exitCode: 1,
    hint: 'bring the unhealthy members back first, or remove with force if you accept the risk',
  },
  'Nornic.Cluster.StandbyUnavailable': {
    httpStatus: 503,
    exitCode: 1,
    hint: 'the sync mode needs the standby and it is not reachable; the write was not applied; retry once the standby is back',
  },
  'Nornic.Cluster.PromoteNeedsForce': {
    httpStatus: 409,
    exitCode: 1,
    hint: 'the primary could not be fenced; make sure it is down, then promote with force',
  },
  'Nornic.Node.ListenFailed': {
    httpStatus: 500,
    exitCode: 1,
    hint: 'another program may hold the port; choose another with --http-port or stop it',
  },
  'Nornic.Cluster.ChangeRefused': { httpStatus: 409, exitCode: 1, hint: 'see the reasons; --dry-run shows the plan without changing anything' },
  'Nornic.Cli.NodeUnreachable': { httpStatus: 503, exitCode: 1, hint: 'check the --node address, that the node runs, and that nothing blocks the port' },
  'Nornic.Cli.Usage': { httpStatus: 400, exitCode: 2, hint: 'see --help for the flags and examples' },
  'Nornic.Drill.SafetyCheckFailed': {
    httpStatus: 500,
    exitCode: 3,
    hint: 'the cluster lost, invented or reordered data, or had two writers at once; keep the --history file and the node logs',
  },
  'Nornic.Drill.SloMissed': { httpStatus: 500, exitCode: 4, hint: 'the median failover took longer than --slo-failover allows' },
} as const satisfies Record<string, ErrorCodeSpec>

export type ErrorCode = keyof typeof ERROR_CODES

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code)
}
