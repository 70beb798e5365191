import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { ResolvedSettings } from '../config/index.js'
import { Registry } from 'prom-client'
import type { Replicator } from '../cluster/replicator.js'
import { GraphDatabase } from '../graph/database.js'
import { NornicError } from '../errors/index.js'
import { startBoltServer } from './bolt/bolt-server.js'
import { buildHttpApp } from './http/app.js'
import type { Logger } from './logger.js'
import { createNodeMetrics, createTransportMetrics } from './metrics.js'
import { createReplicator } from './replicator-factory.js'
import { loadOrCreateNodeId } from './node-id.js'

export interface RunningNode {
  readonly nodeId: string
  readonly httpUrl: string
  /** Stops taking requests, lets in-flight ones finish, stops replication and closes the store. */
  stop(): Promise<void>
}

const BUILT_MODES = new Set(['standalone', 'ha_standby', 'raft'])

/** Chooses the real boundaries (store, replicator, clock, HTTP) and wires them into a running node. */
export async function startNode({ settings, origins }: ResolvedSettings, logger: Logger): Promise<RunningNode> {
  if (!BUILT_MODES.has(settings.clusterMode)) {
    throw new NornicError(
      'Nornic.Node.ModeNotBuilt',
      `NORNICDB_CLUSTER_MODE=${settings.clusterMode} (from the ${origins.clusterMode.source}): this version runs standalone, ha_standby and raft only; ${settings.clusterMode} mode is not built yet`,
      { setting: 'NORNICDB_CLUSTER_MODE', value: settings.clusterMode },
    )
  }
  const dataDir = resolve(settings.dataDir)
  await mkdir(dataDir, { recursive: true })
  const graph = await GraphDatabase.open({ dir: join(dataDir, 'graph') })
  // Whatever started before a failure is stopped again, so a node that cannot start exits.
  let started: Replicator | undefined
  try {
    const { nodeId, created } = settings.nodeId === undefined ? await loadOrCreateNodeId(dataDir) : { nodeId: settings.nodeId, created: false }
    if (created) logger.info({ nodeId }, `generated node id ${nodeId} (kept in ${dataDir}/node-id)`)
    const registry = new Registry()
    const replicator = await createReplicator({ settings, graph, nodeId, logger, transportMetrics: createTransportMetrics(registry) })
    started = replicator
    await replicator.start()
    const metrics = createNodeMetrics(registry, graph, replicator)
    const app = buildHttpApp({
      graph, replicator, metrics, logger,
      credentials: settings.auth,
      maxBodyBytes: settings.httpMaxBodyBytes,
      defaultConsistency: settings.readConsistency,
      cluster: settings.clusterMode === 'standalone'
        ? null
        : { clusterId: settings.raftClusterId, address: `${settings.advertiseAddr.host}:${settings.advertiseAddr.port}` },
    })
    try {
      await app.listen({ host: settings.listenHost, port: settings.httpPort })
    } catch (error) {
      throw new NornicError('Nornic.Node.ListenFailed', `cannot listen for HTTP on ${settings.listenHost}:${settings.httpPort}: ${(error as Error).message}`, { port: settings.httpPort }, { cause: error })
    }
    const httpUrl = `http://${settings.listenHost}:${settings.httpPort}`
    const bolt = await startBoltServer({
      graph, replicator, logger,
      credentials: settings.auth,
      readConsistency: settings.readConsistency,
      host: settings.listenHost,
      port: settings.boltPort,
      // A standalone node left at the default answers ROUTE with the address each driver used.
      ...(settings.clusterMode === 'standalone' && origins.boltAdvertiseAddr.source === 'default'
        ? {}
        : { advertisedAddress: `${settings.boltAdvertiseAddr.host}:${settings.boltAdvertiseAddr.port}` }),
    }).catch(async (error: unknown) => {
      await app.close()
      throw error
    })
    const boltUrl = `bolt://${settings.listenHost}:${settings.boltPort}`
    logger.info(
      { nodeId, mode: settings.clusterMode, http: httpUrl, bolt: boltUrl, dataDir, appliedIndex: graph.appliedIndex, auth: settings.auth === null ? 'none' : 'basic' },
      `nornic ${nodeId} serving in ${settings.clusterMode} mode: HTTP ${httpUrl}, Bolt ${boltUrl}, data ${dataDir}`,
    )
    return {
      nodeId,
      httpUrl,
      async stop() {
        await Promise.all([app.close(), bolt.close()])
        await replicator.stop()
        await graph.close()
      },
    }
  } catch (error) {
    await started?.stop()
    await graph.close()
    throw error
  }
}
