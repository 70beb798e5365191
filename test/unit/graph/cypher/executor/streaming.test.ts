import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { emptyStats } from '../../../../../src/graph/command.js'
import { compileExpression } from '../../../../../src/graph/cypher/executor/compile-expression.js'
import { ProjectionOperator } from '../../../../../src/graph/cypher/executor/projection-operator.js'
import { QueryContext } from '../../../../../src/graph/cypher/executor/query-context.js'
import type { Row } from '../../../../../src/graph/cypher/executor/row.js'
import type { GraphReader } from '../../../../../src/graph/store/graph-store.js'
import type { Position } from '../../../../../src/graph/cypher/ast.js'

const position: Position = { offset: 0, line: 1, column: 1 }
const unusedReader = {} as GraphReader

function context(): QueryContext {
  return new QueryContext(unusedReader, undefined, {}, 0, emptyStats(), 1)
}

/** An endless stream of rows that counts how many were pulled. */
function endless(pulled: { count: number }): AsyncIterable<Row> {
  return (async function* () {
    for (let i = 0n; ; i++) {
      pulled.count++
      yield { i }
    }
  })()
}

function projection(limit: bigint | undefined): ProjectionOperator {
  const variable = compileExpression({ kind: 'Variable', name: 'i', position })
  return new ProjectionOperator('Projection', 'i', {
    items: [{ name: 'i', value: variable }],
    groupingItems: [{ name: 'i', value: variable }],
    aggregates: [],
    distinct: false,
    orderBy: [],
    skip: undefined,
    limit: limit === undefined ? undefined : compileExpression({ kind: 'IntegerLiteral', value: limit, position }),
    where: undefined,
    sortSeesInput: true,
    drainInput: false,
  })
}

describe('rows flow on demand (pull-based operators)', () => {
  it('LIMIT stops pulling from its input once it has its rows', async () => {
    const pulled = { count: 0 }
    const rows: Row[] = []
    for await (const row of projection(3n).run(endless(pulled), context())) rows.push(row)
    assert.deepEqual(rows, [{ i: 0n }, { i: 1n }, { i: 2n }])
    assert.ok(pulled.count <= 4, `pulled ${pulled.count} rows for a LIMIT of 3`)
  })

  it('a consumer that stops early stops the whole chain', async () => {
    const pulled = { count: 0 }
    for await (const _row of projection(undefined).run(endless(pulled), context())) {
      if (pulled.count >= 10) break
    }
    assert.equal(pulled.count, 10)
  })
})
