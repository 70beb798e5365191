import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver'
import { BOLT_AUTH, boltAddress, routingDriver, waitForBoltAddresses } from './support/bolt-routing.js'
import { HaPair } from './support/ha-pair.js'
import { call } from './support/http.js'
import { stopAllNodes } from './support/nornic-process.js'
import { RaftCluster, type RaftMember } from './support/raft-cluster.js'

// Issue 9, "Cluster-aware": ROUTE answers WRITE = the leader or primary, READ = the followers or the
// standby, ROUTE = every member, so the guide's "Client Connection" examples run unchanged through
// neo4j:// with a resolver listing the members, and writes follow the leader when it changes.

/** Writes one node through executeWrite (the driver's own retries) and returns the address of the server that ran it. */
async function writeThroughDriver(driver: Driver, label: string, n: number): Promise<string> {
  const session = driver.session({ defaultAccessMode: neo4j.session.WRITE })
  try {
    const summary = await session.executeWrite(async (tx: ManagedTransaction) => (await tx.run(`CREATE (:${label} {n: $n})`, { n })).summary)
    return summary.server.address as string
  } finally {
    await session.close()
  }
}

/** The guide's "Client Connection" example (a write session, then a read session), with the resolver of routingDriver. */
async function runGuideExample(driver: Driver) {
  const session = driver.session({ defaultAccessMode: neo4j.session.WRITE })
  const written = await session.run('CREATE (n:Person {name: $name})', { name: 'Alice' })
  const readSession = driver.session({ defaultAccessMode: neo4j.session.READ })
  const result = await readSession.run('MATCH (n:Person) RETURN n')
  await readSession.close()
  const bookmarks = session.lastBookmarks()
  await session.close()
  return { written, result, bookmarks }
}

/** A read that carries the write's bookmarks sees it, wherever the driver sends the read. */
async function assertBookmarkedReadSeesAlice(driver: Driver, bookmarks: string[]): Promise<void> {
  const reader = driver.session({ defaultAccessMode: neo4j.session.READ, bookmarks })
  try {
    const names = await reader.run('MATCH (n:Person) RETURN n.name AS name')
    assert.deepEqual(names.records.map((record) => record.get('name')), ['Alice'])
  } finally {
    await reader.close()
  }
}

describe('neo4j:// routing against a 3-node raft cluster', () => {
  let cluster: RaftCluster
  let driver: Driver
  const bolt = (member: RaftMember): string => boltAddress(member.node)

  before(async () => {
    cluster = await RaftCluster.start()
    await waitForBoltAddresses(cluster.members.map((member) => member.node))
    driver = routingDriver(cluster.members.map((member) => member.node))
  })
  after(async () => {
    await driver?.close()
    await stopAllNodes()
  })

  it("runs the guide's JavaScript example unchanged: writes go to the leader, reads to a follower", async () => {
    const leader = await cluster.leader()
    const { written, result, bookmarks } = await runGuideExample(driver)

    assert.equal(written.summary.server.address, bolt(leader))
    const followers = cluster.members.filter((member) => member !== leader).map(bolt)
    assert.ok(followers.includes(result.summary.server.address as string), `read ran on ${result.summary.server.address}, not a follower (${followers.join(', ')})`)
    // The example's read carries no bookmark, so the follower may not have applied the write yet; with one it must have.
    await assertBookmarkedReadSeesAlice(driver, bookmarks)
  })

  it('sends writes to the new leader after a leadership transfer', async () => {
    const before = await cluster.leader()
    assert.equal(await writeThroughDriver(driver, 'Moved', 1), bolt(before))
    const target = cluster.members.find((member) => member !== before)!
    const moved = await call(before.node.httpUrl, '/admin/cluster/transfer-leadership', { body: JSON.stringify({ target: target.id }) })
    assert.equal(moved.status, 200, moved.text)
    assert.equal((await cluster.leader()).id, target.id)
    // The driver's table still names the old leader; it answers NotALeader and the driver re-routes.
    assert.equal(await writeThroughDriver(driver, 'Moved', 2), bolt(target))
  })

  it('a transaction on a follower through bolt:// returns its rows and commits through the leader; one through neo4j:// runs on the leader', async () => {
    const leader = await cluster.leader()
    const follower = cluster.members.find((member) => member !== leader)!
    const direct = neo4j.driver(`bolt://${bolt(follower)}`, BOLT_AUTH)
    try {
      const session = direct.session()
      const made = await session.executeWrite(async (tx) => {
        const created = await tx.run('CREATE (n:TxOnFollower {k: 1}) RETURN elementId(n) AS id')
        const seen = await tx.run('MATCH (n:TxOnFollower) RETURN count(n) AS c')
        return { id: created.records[0]!.get('id') as string, count: seen.records[0]!.get('c').toNumber(), server: created.summary.server.address }
      })
      const bookmarks = session.lastBookmarks()
      await session.close()
      assert.equal(made.server, bolt(follower))
      assert.equal(made.count, 1)
      for (const member of cluster.members) {
        const reader = neo4j.driver(`bolt://${bolt(member)}`, BOLT_AUTH)
        const readSession = reader.session({ bookmarks, defaultAccessMode: neo4j.session.READ })
        try {
          const found = await readSession.run('MATCH (n:TxOnFollower) RETURN elementId(n) AS id')
          assert.deepEqual(found.records.map((record) => record.get('id')), [made.id], `on ${member.id}`)
        } finally {
          await readSession.close()
          await reader.close()
        }
      }
    } finally {
      await direct.close()
    }
    const routed = driver.session({ defaultAccessMode: neo4j.session.WRITE })
    try {
      const result = await routed.executeWrite((tx) => tx.run('MERGE (n:TxRouted {k: 1}) RETURN n.k AS k'))
      assert.equal(result.summary.server.address, bolt(leader))
      assert.equal(result.records[0]!.get('k').toNumber(), 1)
    } finally {
      await routed.close()
    }
  })

  it('sends writes to the newly elected leader after kill -9 of the leader, through the driver\'s retries', async () => {
    const killed = await cluster.leader()
    assert.equal(await writeThroughDriver(driver, 'Survivor', 1), bolt(killed))
    await killed.node.kill('SIGKILL')
    const elected = await cluster.leader(cluster.live())
    assert.notEqual(elected.id, killed.id)
    assert.equal(await writeThroughDriver(driver, 'Survivor', 2), bolt(elected))
    const session = driver.session({ defaultAccessMode: neo4j.session.READ })
    try {
      const count = await session.executeRead((tx) => tx.run('MATCH (n:Survivor) RETURN count(n) AS c'))
      assert.ok(count.records[0]!.get('c').toNumber() >= 1)
    } finally {
      await session.close()
    }
  })
})

describe('neo4j:// routing against a hot-standby pair', () => {
  let pair: HaPair
  let driver: Driver

  before(async () => {
    // semi_sync: once the primary is gone, the promoted standby takes writes without a peer.
    pair = await HaPair.start({ syncMode: 'semi_sync' })
    await waitForBoltAddresses([pair.node1, pair.node2])
    driver = routingDriver([pair.node1, pair.node2])
  })
  after(async () => {
    await driver?.close()
    await pair?.close()
    await stopAllNodes()
  })

  it("runs the guide's JavaScript example: writes go to the primary, reads to the standby", async () => {
    const { written, result, bookmarks } = await runGuideExample(driver)

    assert.equal(written.summary.server.address, boltAddress(pair.node1))
    assert.equal(result.summary.server.address, boltAddress(pair.node2))
    await assertBookmarkedReadSeesAlice(driver, bookmarks)
  })

  it('sends writes to the standby once it has promoted itself after kill -9 of the primary', async () => {
    assert.equal(await writeThroughDriver(driver, 'Failover', 1), boltAddress(pair.node1))
    await pair.node1.kill('SIGKILL')
    assert.equal(await writeThroughDriver(driver, 'Failover', 2), boltAddress(pair.node2))
  })
})
