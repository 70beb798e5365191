import { freePort } from './free-port.js'
import { call, cypher, type HttpAnswer } from './http.js'
import { NornicNode, tempDir } from './nornic-process.js'
import { waitFor } from './wait-for.js'

/** Short timeouts so elections take a fraction of a second in tests. */
export const FAST_RAFT_ENV = {
  NORNICDB_CLUSTER_RAFT_ELECTION_TIMEOUT: '300ms',
  NORNICDB_CLUSTER_RAFT_HEARTBEAT_TIMEOUT: '50ms',
  NORNICDB_CLUSTER_WRITE_TIMEOUT: '5s',
  NORNICDB_LOG_LEVEL: 'info',
} as const

export interface RaftMember {
  readonly id: string
  readonly clusterPort: number
  node: NornicNode
}

export interface RaftClusterOptions {
  readonly size?: number
  /** Extra settings for every node (NORNICDB_* variables). */
  readonly env?: Record<string, string>
}

/**
 * `nornic serve` processes in raft mode, formed as the guide's compose file does it: node-1
 * bootstraps with the others as peers, the others start with bootstrap false.
 */
export class RaftCluster {
  private constructor(readonly members: RaftMember[], readonly env: Record<string, string>) {}

  static async start(options: RaftClusterOptions = {}): Promise<RaftCluster> {
    const size = options.size ?? 3
    const ids = Array.from({ length: size }, (_, i) => `node-${i + 1}`)
    const ports = new Map<string, number>()
    for (const id of ids) ports.set(id, await freePort())
    const env = { NORNICDB_CLUSTER_MODE: 'raft', ...FAST_RAFT_ENV, ...options.env }
    const members: RaftMember[] = []
    for (const id of ids) {
      const peers = ids.filter((peer) => peer !== id).map((peer) => `${peer}:127.0.0.1:${ports.get(peer)}`).join(',')
      const node = await NornicNode.spawn({ dataDir: tempDir(`nornic-raft-${id}-`), env: raftEnv(env, id, ports.get(id)!, peers, id === 'node-1') })
      members.push({ id, clusterPort: ports.get(id)!, node })
    }
    await Promise.all(members.map((member) => member.node.waitReady()))
    return new RaftCluster(members, env)
  }

  member(id: string): RaftMember {
    const member = this.members.find((candidate) => candidate.id === id)
    if (member === undefined) throw new Error(`no member ${id}`)
    return member
  }

  /** Members whose process is running. */
  live(): RaftMember[] {
    return this.members.filter((member) => member.node.process.exitCode === null && member.node.process.signalCode === null)
  }

  /** The leader every live node agrees on, once they do. */
  async leader(among: RaftMember[] = this.live(), timeoutMs = 30_000): Promise<RaftMember> {
    return waitFor('the live nodes to agree on a leader', async () => {
      const views = await Promise.all(among.map(async (member) => (await call(member.node.httpUrl, '/admin/raft/state')).json))
      const leaders = new Set(views.map((view) => view?.leader))
      if (leaders.size !== 1) return undefined
      const leader = views[0]?.leader as string
      return leader === '' || leader === undefined ? undefined : among.find((member) => member.id === leader)
    }, timeoutMs)
  }

  /** Starts a node that joins later (bootstrap false), dialling the given members. */
  async spawnJoiner(id: string, knownPeers: RaftMember[]): Promise<RaftMember> {
    const port = await freePort()
    const peers = knownPeers.map((peer) => `${peer.id}:127.0.0.1:${peer.clusterPort}`).join(',')
    const node = await NornicNode.spawn({ dataDir: tempDir(`nornic-raft-${id}-`), env: raftEnv(this.env, id, port, peers, false) })
    const member = { id, clusterPort: port, node }
    this.members.push(member)
    return member
  }
}

function raftEnv(env: Record<string, string>, id: string, port: number, peers: string, bootstrap: boolean): Record<string, string> {
  return {
    ...env,
    NORNICDB_CLUSTER_NODE_ID: id,
    NORNICDB_CLUSTER_BIND_ADDR: `127.0.0.1:${port}`,
    NORNICDB_CLUSTER_RAFT_BOOTSTRAP: String(bootstrap),
    NORNICDB_CLUSTER_RAFT_PEERS: peers,
  }
}

/** The values of `n.k` for every :K node, read at the given consistency, sorted. */
export async function keysOn(member: RaftMember, consistency: 'ONE' | 'QUORUM' = 'ONE'): Promise<bigint[]> {
  const answer = await cypher(member.node.httpUrl, [{ statement: 'MATCH (n:K) RETURN n.k AS k' }], { headers: { 'x-nornic-consistency': consistency } })
  if (answer.status !== 200 || answer.json?.errors?.length) throw new Error(`read on ${member.id} failed: ${answer.text}`)
  return (answer.json.results[0].data as { row: [bigint] }[]).map((entry) => entry.row[0]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

/** Writes one :K node with key `k`; resolves with the HTTP answer (acknowledged when 200 with no errors). */
export function writeKey(member: RaftMember, k: bigint | number): Promise<HttpAnswer> {
  return cypher(member.node.httpUrl, [{ statement: 'CREATE (n:K {k: $k})', parameters: `{"k":${k}}` }])
}

export function acknowledged(answer: HttpAnswer): boolean {
  return answer.status === 200 && (answer.json?.errors?.length ?? 0) === 0
}
