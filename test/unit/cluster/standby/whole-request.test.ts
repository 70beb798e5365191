import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { WriteCommand, WriteRequest } from '../../../../src/graph/command.js'
import type { GraphDatabase } from '../../../../src/graph/database.js'
import { startInProcessPair, until, untilPrimaryTakesWrites } from './ha-pair.js'

/** Records each command the graph is asked to apply, then applies it. */
function recordApplies(graph: GraphDatabase): WriteCommand[] {
  const applied: WriteCommand[] = []
  const apply = graph.apply.bind(graph)
  graph.apply = (command, options) => {
    applied.push(command)
    return apply(command, options)
  }
  return applied
}

// The primary logs the client's request as it is and ships it; the standby applies the same command.
describe('hot standby carries a whole write request', () => {
  it('the primary\'s and the standby\'s graphs get each request with its expected run and id reservation intact', async () => {
    const pair = await startInProcessPair({ NORNICDB_CLUSTER_HA_SYNC_MODE: 'sync' })
    try {
      const onPrimary = recordApplies(pair.primary.graph)
      const onStandby = recordApplies(pair.standby.graph)
      await untilPrimaryTakesWrites(pair)
      const statements = [{ statement: 'CREATE (:Shipped {n: $n})', parameters: { n: 1n } }]
      const requests: WriteRequest[] = [
        { statements: [], reserveIds: { nodes: 64, relationships: 16 } },
        // Digests no run could give: the graph may refuse it as outdated, but it must see the expected run.
        { statements, expected: { timestamp: 1, seed: 2, nodeIds: [[900, '4:x:900']], relationshipIds: [], digests: ['no such digest'] } },
        { statements },
      ]
      for (const request of requests) await pair.primary.replicator.propose(request).catch(() => undefined)
      const strip = ({ context: _context, ...request }: WriteCommand): WriteRequest => request
      await until('the standby to apply the three writes', () => (onStandby.length >= requests.length ? true : undefined))
      assert.deepEqual(onPrimary.map(strip), requests)
      assert.deepEqual(onStandby.map(strip), requests)
      assert.deepEqual(onStandby.map((command) => command.context), onPrimary.map((command) => command.context))
    } finally {
      await pair.close()
    }
  })
})
