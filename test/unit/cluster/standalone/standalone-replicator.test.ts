import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { StandaloneReplicator } from '../../../../src/cluster/standalone/standalone-replicator.js'
import type { WriteCommand, WriteRequest } from '../../../../src/graph/command.js'

describe('StandaloneReplicator', () => {
  it('applies each request whole as the next command, numbered and timed here', async () => {
    const applied: WriteCommand[] = []
    const graph = {
      appliedIndex: 0,
      async apply(command: WriteCommand) {
        applied.push(command)
        this.appliedIndex = command.context.index
        return []
      },
    }
    const replicator = new StandaloneReplicator(graph, 'node-1', { now: () => 500 })
    await replicator.start()
    const statements = [{ statement: 'CREATE (n)', parameters: {} }]
    const requests: WriteRequest[] = [
      { statements, expected: { timestamp: 400, seed: 1, nodeIds: [[1, '4:n:1']], relationshipIds: [], digests: ['d'] } },
      { statements: [], reserveIds: { nodes: 10, relationships: 5 } },
      { statements },
    ]
    await Promise.all(requests.map((request) => replicator.propose(request)))
    assert.deepEqual(applied, requests.map((request, offset) => ({ ...request, context: { index: offset + 1, timestamp: 500 } })))
    await replicator.stop()
  })
})
