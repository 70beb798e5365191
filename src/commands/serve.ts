import { NornicCommand } from '../ops/cli/base-command.js'
import { settingFlags, settingsFromFlags } from '../ops/cli/setting-flags.js'
import { createLogger } from '../server/logger.js'
import { startNode } from '../server/node.js'
import { runUntilSignalled } from '../server/shutdown.js'

export default class Serve extends NornicCommand<void> {
  static override summary = 'Run a nornic database node'
  static override description = `Serves the graph over HTTP (Neo4j transaction API on /db/neo4j/tx/commit), with /health, /health/live,
/health/ready and /metrics. Settings come from flags, then NORNICDB_* environment variables, then the
--config TOML file, then defaults; \`nornic config show\` lists them all. SIGINT or SIGTERM stops the node
gracefully; a second signal stops it at once.`

  static override examples = [
    { description: 'Run a standalone node on the default ports with data in ./data', command: '<%= config.bin %> serve' },
    { description: 'Run on other ports with its own data directory', command: '<%= config.bin %> serve --data-dir /var/lib/nornic --http-port 7475 --bolt-port 7688' },
    { description: 'Run with settings from a file and no authentication', command: 'NORNICDB_AUTH=none <%= config.bin %> serve --config nornic.toml' },
  ]

  static override enableJsonFlag = false
  static override usage = '<%= command.id %> [FLAGS]'
  static override flags = settingFlags()

  async run(): Promise<void> {
    const { flags } = await this.parse(Serve)
    const resolved = settingsFromFlags(flags)
    const logger = createLogger(resolved.settings)
    for (const warning of resolved.warnings) logger.warn(warning)
    const node = await startNode(resolved, logger)
    await runUntilSignalled(node, resolved.settings.shutdownTimeoutMs, logger)
  }
}
