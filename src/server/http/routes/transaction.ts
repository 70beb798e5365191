import type { FastifyInstance } from 'fastify'
import type { ConsistencyLevel } from '../../../config/index.js'
import type { Replicator } from '../../../cluster/replicator.js'
import type { GraphDatabase } from '../../../graph/database.js'
import { NornicError } from '../../../errors/index.js'
import { requestedConsistency, CONSISTENCY_HEADER } from '../consistency.js'
import { neo4jResult } from '../neo4j-format.js'
import { readTransactionRequest } from '../transaction-request.js'

export interface TransactionRouteOptions {
  readonly graph: Pick<GraphDatabase, 'isWrite' | 'read'>
  readonly replicator: Pick<Replicator, 'propose' | 'barrier'>
  readonly defaultConsistency: ConsistencyLevel
}

/** The database nornic serves; the Neo4j API names it in the path. */
export const DATABASE_NAME = 'neo4j'

/**
 * `POST /db/{database}/tx/commit`: the statements of one request run as one transaction. If any of them
 * writes, all of them go through the replicator as one command; otherwise they read local state behind
 * the consistency barrier the request asked for.
 */
export function registerTransactionRoute(app: FastifyInstance, options: TransactionRouteOptions): void {
  app.post<{ Params: { database: string }; Querystring: { consistency?: string } }>('/db/:database/tx/commit', async (request) => {
    if (request.params.database !== DATABASE_NAME) {
      throw new NornicError('Neo.ClientError.Database.DatabaseNotFound', `database ${request.params.database} does not exist; nornic serves one database, ${DATABASE_NAME}`)
    }
    const { statements, includeStats } = readTransactionRequest(request.body)
    if (statements.length === 0) return { results: [], errors: [] }
    let results
    if (options.graph.isWrite(statements)) {
      results = await options.replicator.propose({ statements })
    } else {
      const consistency = requestedConsistency(request.headers[CONSISTENCY_HEADER], request.query.consistency, options.defaultConsistency)
      await options.replicator.barrier(consistency)
      results = await options.graph.read(statements)
    }
    return { results: results.map((result) => neo4jResult(result, includeStats)), errors: [] }
  })
}
