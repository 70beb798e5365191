import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { ConsistencyLevel, Credentials } from '../../config/index.js'
import type { Replicator } from '../../cluster/replicator.js'
import type { GraphDatabase } from '../../graph/database.js'
import { NornicError } from '../../errors/index.js'
import type { NodeMetrics } from '../metrics.js'
import { checkBasicAuth } from './auth.js'
import { asNornicError, neo4jError } from './errors.js'
import { parseJsonExact, stringifyJsonExact } from './json-codec.js'
import { registerAdminClusterRoutes, type ClusterIdentity } from './routes/admin-cluster.js'
import { registerAdminPromoteRoute } from './routes/admin-promote.js'
import { registerAdminRaftRoutes } from './routes/admin-raft.js'
import { registerHealthRoutes } from './routes/health.js'
import { registerTransactionRoute } from './routes/transaction.js'

export interface HttpAppOptions {
  readonly graph: Pick<GraphDatabase, 'isWrite' | 'read'>
  readonly replicator: Pick<Replicator, 'propose' | 'barrier' | 'status'>
  readonly metrics: NodeMetrics
  readonly logger: FastifyBaseLogger
  readonly credentials: Credentials | null
  readonly maxBodyBytes: number
  readonly defaultConsistency: ConsistencyLevel
  /** Who this node is in its cluster, for the admin views; null in standalone mode. */
  readonly cluster: ClusterIdentity | null
}

/** Paths that need credentials; health and metrics stay open for probes and scrapers. */
const PROTECTED_PREFIXES = ['/db/', '/admin/']

export function buildHttpApp(options: HttpAppOptions): FastifyInstance {
  const app = Fastify({ loggerInstance: options.logger, disableRequestLogging: true, bodyLimit: options.maxBodyBytes })

  // Every body is read as JSON with exact integers, whatever content type curl happened to send.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body === '' ? undefined : parseJsonExact(body as string))
    } catch (error) {
      done(new NornicError('Neo.ClientError.Request.InvalidFormat', `the request body is not valid JSON: ${(error as Error).message}`), undefined)
    }
  })
  app.setReplySerializer((payload) => stringifyJsonExact(payload))

  app.addHook('onRequest', async (request) => {
    if (PROTECTED_PREFIXES.some((prefix) => request.url.startsWith(prefix))) {
      checkBasicAuth(request.headers.authorization, options.credentials)
    }
  })
  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }
    options.metrics.httpRequests.inc(labels)
    options.metrics.httpRequestDuration.observe(labels, reply.elapsedTime / 1000)
  })

  app.setErrorHandler((error, request, reply) => {
    const fastifyCode = (error as { code?: string }).code
    const coded = fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE'
      ? new NornicError('Neo.ClientError.Request.EntityTooLarge', `the request body is larger than the limit of ${options.maxBodyBytes} bytes (NORNICDB_HTTP_MAX_BODY_SIZE)`)
      : asNornicError(error)
    if (coded.httpStatus >= 500) request.log.error({ err: error, url: request.url }, `request failed: ${coded.message}`)
    if (coded.code === 'Neo.ClientError.Security.Unauthorized') reply.header('www-authenticate', 'Basic realm="nornic"')
    return reply.code(coded.httpStatus).send({ results: [], errors: [neo4jError(coded)] })
  })
  app.setNotFoundHandler((request, reply) => {
    const error = new NornicError('Neo.ClientError.Request.NotFound', `no such endpoint: ${request.method} ${request.url}`)
    return reply.code(404).send({ results: [], errors: [neo4jError(error)] })
  })

  registerHealthRoutes(app, options.replicator)
  registerTransactionRoute(app, options)
  registerAdminClusterRoutes(app, options.replicator, options.cluster)
  registerAdminPromoteRoute(app, options.replicator)
  registerAdminRaftRoutes(app, options.replicator)
  app.get('/metrics', async (_request, reply) => {
    const text = await options.metrics.registry.metrics()
    return reply.type(options.metrics.registry.contentType).serializer((body) => body as string).send(text)
  })
  return app
}
