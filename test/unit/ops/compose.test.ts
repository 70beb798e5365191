import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { execa } from 'execa'
import { parse } from 'yaml'
import { resolveSettings } from '../../../src/config/index.js'
import { isNornicError } from '../../../src/errors/index.js'
import { COMPOSE_MODES, type ComposeOptions } from '../../../src/ops/compose/compose-plan.js'
import { renderCompose } from '../../../src/ops/compose/render-compose.js'

const GOLDEN_DIR = new URL('../../golden/', import.meta.url)
const defaults = (mode: ComposeOptions['mode']): ComposeOptions => ({
  mode, nodes: mode === 'ha' ? 2 : 3, regions: ['us-east', 'eu-west'], image: 'nornic:latest', syncMode: 'semi_sync',
})

type Document = { services: Record<string, { environment: Record<string, string>; ports: string[] }> }

const dockerCompose = await execa('docker-compose', ['version'], { reject: false }).then((result) => result.exitCode === 0, () => false)

describe('nornic compose', () => {
  for (const mode of COMPOSE_MODES) {
    it(`${mode}: the default output matches its golden file (UPDATE_GOLDEN=1 rewrites it)`, () => {
      const { yaml } = renderCompose(defaults(mode))
      const golden = new URL(`compose-${mode}.yml`, GOLDEN_DIR)
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, yaml)
      assert.equal(yaml, readFileSync(golden, 'utf8'))
    })

    it(`${mode}: every service's environment is accepted by the node's own settings`, () => {
      const document = parse(renderCompose(defaults(mode)).yaml) as Document
      for (const [service, definition] of Object.entries(document.services)) {
        const { settings } = resolveSettings({ flags: {}, env: definition.environment })
        assert.equal(settings.bindAddr.port, 7000, `${service} uses cluster port 7000`)
      }
    })

    it(`${mode}: host ports never collide`, () => {
      const document = parse(renderCompose({ ...defaults(mode), nodes: mode === 'ha' ? 2 : 7 }).yaml) as Document
      const hostPorts = Object.values(document.services).flatMap((service) => service.ports.map((port) => port.split(':')[0]))
      assert.equal(new Set(hostPorts).size, hostPorts.length)
    })

    it(`${mode}: docker-compose config accepts it`, { skip: dockerCompose ? false : 'docker-compose is not installed' }, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'nornic-compose-'))
      try {
        const file = join(dir, 'docker-compose.yml')
        writeFileSync(file, renderCompose(defaults(mode)).yaml)
        const result = await execa('docker-compose', ['-f', file, 'config', '-q'], { reject: false })
        assert.equal(result.exitCode, 0, result.stderr)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  }

  it('raft: node-1 bootstraps with the others as peers, the rest join', () => {
    const document = parse(renderCompose(defaults('raft')).yaml) as Document
    const node1 = document.services['nornicdb-node1']?.environment
    assert.equal(node1?.NORNICDB_CLUSTER_RAFT_BOOTSTRAP, 'true')
    assert.equal(node1?.NORNICDB_CLUSTER_RAFT_PEERS, 'node-2:node2:7000,node-3:node3:7000')
    assert.equal(document.services['nornicdb-node2']?.environment.NORNICDB_CLUSTER_RAFT_BOOTSTRAP, 'false')
  })

  it('ha: each node names the other as its peer, with the sync mode asked for', () => {
    const document = parse(renderCompose({ ...defaults('ha'), syncMode: 'sync' }).yaml) as Document
    assert.equal(document.services['nornicdb-primary']?.environment.NORNICDB_CLUSTER_HA_PEER_ADDR, 'standby:7000')
    assert.equal(document.services['nornicdb-standby']?.environment.NORNICDB_CLUSTER_HA_ROLE, 'standby')
    assert.equal(document.services['nornicdb-standby']?.environment.NORNICDB_CLUSTER_HA_SYNC_MODE, 'sync')
  })

  it('checks sizes: raft 3-7, ha exactly 2, multi-region at least 2 regions of 3', () => {
    const refused = (options: ComposeOptions): void => {
      assert.throws(() => renderCompose(options), (error) => isNornicError(error) && error.code === 'Nornic.Cli.Usage' && error.exitCode === 2)
    }
    refused({ ...defaults('raft'), nodes: 2 })
    refused({ ...defaults('raft'), nodes: 8 })
    refused({ ...defaults('ha'), nodes: 3 })
    refused({ ...defaults('multi-region'), regions: ['us-east'] })
    refused({ ...defaults('multi-region'), nodes: 2 })
    refused({ ...defaults('multi-region'), regions: ['us-east', 'us-east'] })
    refused({ ...defaults('raft'), image: 'bad image"' })
  })

  it('warns about an even number of raft members', () => {
    assert.equal(renderCompose({ ...defaults('raft'), nodes: 4 }).warnings.length, 1)
    assert.equal(renderCompose(defaults('raft')).warnings.length, 0)
  })
})
