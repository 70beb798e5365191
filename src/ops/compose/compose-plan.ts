import { NornicError } from '../../errors/index.js'

export const COMPOSE_MODES = ['raft', 'ha', 'multi-region'] as const
export type ComposeMode = (typeof COMPOSE_MODES)[number]

export interface ComposeOptions {
  readonly mode: ComposeMode
  /** Raft members, or members per region in multi-region mode. */
  readonly nodes: number
  readonly regions: readonly string[]
  readonly image: string
  readonly syncMode: string
}

/** One template and the values of its placeholders. */
export interface TemplateUse {
  readonly template: 'service' | 'ha' | 'raft' | 'multi-region'
  readonly values: Readonly<Record<string, string>>
}

export interface ServicePlan {
  readonly service: string
  readonly volume: string
  readonly templates: readonly TemplateUse[]
}

export interface ComposePlan {
  readonly services: readonly ServicePlan[]
  readonly warnings: readonly string[]
}

const FIRST_HTTP_PORT = 7474
const FIRST_BOLT_PORT = 7687
const CLUSTER_PORT = 7000
const IMAGE_PATTERN = /^[a-z0-9][a-z0-9._\-/:@]*$/i
const REGION_PATTERN = /^[a-z0-9][a-z0-9-]{0,30}$/

function usage(message: string): NornicError {
  return new NornicError('Nornic.Cli.Usage', message)
}

interface Member {
  readonly hostname: string
  readonly nodeId: string
}

function serviceTemplate(options: ComposeOptions, member: Member, position: number, clusterMode: string): TemplateUse {
  return {
    template: 'service',
    values: {
      image: options.image, container: `nornicdb-${member.hostname}`, hostname: member.hostname, node_id: member.nodeId,
      http_port: String(FIRST_HTTP_PORT + position), bolt_port: String(FIRST_BOLT_PORT + position),
      volume: `${member.hostname}-data`, mode: clusterMode,
    },
  }
}

function raftTemplate(members: readonly Member[], self: number, clusterId: string): TemplateUse {
  const peers = members.filter((_, other) => other !== self).map((peer) => `${peer.nodeId}:${peer.hostname}:${CLUSTER_PORT}`)
  return { template: 'raft', values: { cluster_id: clusterId, bootstrap: String(self === 0), peers: peers.join(',') } }
}

function planRaft(options: ComposeOptions): ComposePlan {
  if (options.nodes < 3 || options.nodes > 7) throw usage(`--nodes ${options.nodes}: a raft cluster has 3 to 7 members`)
  const members = Array.from({ length: options.nodes }, (_, i) => ({ hostname: `node${i + 1}`, nodeId: `node-${i + 1}` }))
  const services = members.map((member, i) => ({
    service: `nornicdb-${member.hostname}`, volume: `${member.hostname}-data`,
    templates: [serviceTemplate(options, member, i, 'raft'), raftTemplate(members, i, 'my-cluster')],
  }))
  const warnings = options.nodes % 2 === 0
    ? [`${options.nodes} members tolerate no more failures than ${options.nodes - 1}; an odd count is better`]
    : []
  return { services, warnings }
}

function planHa(options: ComposeOptions): ComposePlan {
  if (options.nodes !== 2) throw usage(`--nodes ${options.nodes}: a hot standby pair has exactly 2 nodes`)
  const members = [{ hostname: 'primary', nodeId: 'primary-1', role: 'primary' }, { hostname: 'standby', nodeId: 'standby-1', role: 'standby' }]
  const services = members.map((member, i) => ({
    service: `nornicdb-${member.hostname}`, volume: `${member.hostname}-data`,
    templates: [
      serviceTemplate(options, member, i, 'ha_standby'),
      { template: 'ha' as const, values: { role: member.role, peer_hostname: members[1 - i]?.hostname ?? '', sync_mode: options.syncMode } },
    ],
  }))
  return { services, warnings: [] }
}

function planMultiRegion(options: ComposeOptions): ComposePlan {
  if (options.regions.length < 2) throw usage(`--regions ${options.regions.join(',')}: multi-region needs at least 2 regions`)
  if (options.nodes < 3) throw usage(`--nodes ${options.nodes}: each region is a raft cluster of at least 3 members`)
  for (const region of options.regions) {
    if (!REGION_PATTERN.test(region)) throw usage(`--regions: ${region} is not a region id (lower-case letters, digits and -)`)
  }
  if (new Set(options.regions).size !== options.regions.length) throw usage('--regions: each region once')
  const services: ServicePlan[] = []
  options.regions.forEach((region, r) => {
    const members = Array.from({ length: options.nodes }, (_, i) => ({ hostname: `${region}-node${i + 1}`, nodeId: `${region}-node-${i + 1}` }))
    const remote = options.regions.filter((other) => other !== region).map((other) => `${other}:${other}-node1:${CLUSTER_PORT}`).join(',')
    members.forEach((member, i) => services.push({
      service: member.hostname, volume: `${member.hostname}-data`,
      templates: [
        serviceTemplate(options, member, r * options.nodes + i, 'multi_region'),
        raftTemplate(members, i, `${region}-cluster`),
        { template: 'multi-region', values: { region, remote_regions: remote } },
      ],
    }))
  })
  return { services, warnings: options.nodes % 2 === 0 ? [`${options.nodes} members per region: an odd count is better`] : [] }
}

/** Who runs where: service names, ports without host collisions, and each service's settings. */
export function planCompose(options: ComposeOptions): ComposePlan {
  if (!IMAGE_PATTERN.test(options.image)) throw usage(`--image ${options.image} is not an image reference`)
  switch (options.mode) {
    case 'raft': return planRaft(options)
    case 'ha': return planHa(options)
    case 'multi-region': return planMultiRegion(options)
  }
}
