import { atLeast, type BoltVersion } from './handshake.js'
import type { PackMap } from './packstream.js'

const DEFERRED_WRITE = {
  code: 'Nornic.ClientNotification.Transaction.WriteDeferred',
  title: 'The write runs at COMMIT',
  description: 'nornic applies the writes of an explicit transaction together, as one replicated command, at COMMIT; this statement returns no rows or counters now. Run it as an auto-commit query to get its rows.',
}

/**
 * The summary entry that tells a client why a write in an explicit transaction returned nothing:
 * `notifications` up to Bolt 5.5, GQL `statuses` from 5.6 (where drivers read only those).
 */
export function deferredWriteNotice(version: BoltVersion): PackMap {
  if (!atLeast(version, 5, 6)) {
    return { notifications: [{ ...DEFERRED_WRITE, severity: 'INFORMATION', category: 'GENERIC' }] }
  }
  return {
    statuses: [{
      // 03000: GQL's informational class with no subcondition; the Neo4j-style code says the rest.
      gql_status: '03000',
      status_description: `info: ${DEFERRED_WRITE.description}`,
      neo4j_code: DEFERRED_WRITE.code,
      title: DEFERRED_WRITE.title,
      description: DEFERRED_WRITE.description,
      diagnostic_record: { OPERATION: '', OPERATION_CODE: '0', CURRENT_SCHEMA: '/', _severity: 'INFORMATION', _classification: 'GENERIC' },
    }],
  }
}
