import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { cypher } from './support/http.js'
import { NornicNode, stopAllNodes, tempDir } from './support/nornic-process.js'
import { waitFor } from './support/wait-for.js'

async function countLabel(node: NornicNode, label: string): Promise<bigint> {
  const answer = await cypher(node.httpUrl, [{ statement: `MATCH (n:${label}) RETURN count(n) AS c` }])
  assert.equal(answer.status, 200, answer.text)
  return answer.json.results[0].data[0].row[0]
}

describe('nornic serve: start, stop, crash and restart', () => {
  after(stopAllNodes)

  it('SIGTERM stops the node gracefully with exit code 0, and the data is there after a restart', async () => {
    const node = await NornicNode.start()
    await cypher(node.httpUrl, [{ statement: 'CREATE (:Kept {n: 1})' }])
    const { exitCode, signal } = await node.kill('SIGTERM')
    assert.equal(signal, undefined)
    assert.equal(exitCode, 0, node.output.join(''))
    assert.match(node.output.join(''), /stopped/)
    const again = await node.restart()
    assert.equal(await countLabel(again, 'Kept'), 1n)
    assert.equal((await again.kill('SIGINT')).exitCode, 0)
  })

  it('kill -9 in the middle of a stream of writes keeps every acknowledged write', async () => {
    const node = await NornicNode.start()
    const acknowledged: number[] = []
    let stop = false
    const writers = Array.from({ length: 4 }, async (_, writer) => {
      for (let i = 0; i < 10_000 && !stop; i++) {
        const value = writer * 100_000 + i
        try {
          const answer = await cypher(node.httpUrl, [{ statement: 'CREATE (:Ack {v: $v})', parameters: `{"v":${value}}` }])
          if (answer.status === 200) acknowledged.push(value)
        } catch {
          return // the connection died with the node: this write's outcome is unknown, which is allowed
        }
      }
    })
    await waitFor('a few hundred acknowledged writes', async () => (acknowledged.length >= 200 ? true : undefined), 60_000)
    const { signal } = await node.kill('SIGKILL')
    stop = true
    await Promise.all(writers)
    assert.equal(signal, 'SIGKILL')

    const again = await node.restart()
    const answer = await cypher(again.httpUrl, [{ statement: 'MATCH (n:Ack) RETURN n.v AS v' }])
    const stored = new Set<bigint>(answer.json.results[0].data.map((row: { row: [bigint] }) => row.row[0]))
    const lost = acknowledged.filter((value) => !stored.has(BigInt(value)))
    assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged writes were lost`)
    await again.kill('SIGTERM')
  })

  it('a second node on the same data dir exits 2 with a clear message', async () => {
    const first = await NornicNode.start()
    const second = await NornicNode.spawn({ dataDir: first.dataDir })
    const { exitCode } = await second.process
    assert.equal(exitCode, 2)
    assert.match(second.output.join(''), /already open in another process \[Nornic\.Node\.DataDirLocked\]\nhint: another nornic node is using this data dir/)
    assert.equal((await first.kill('SIGTERM')).exitCode, 0, 'the first node is untouched')
  })

  it('generates a node id once and keeps it across restarts', async () => {
    const dataDir = tempDir()
    const node = await NornicNode.start({ dataDir })
    const stored = readFileSync(join(dataDir, 'node-id'), 'utf8').trim()
    assert.match(stored, /^node-[0-9a-f]{8}$/)
    await node.kill('SIGTERM')
    const again = await node.restart()
    const health = await fetch(`${again.httpUrl}/health`).then((response) => response.json() as Promise<{ replication: { node_id: string } }>)
    assert.equal(health.replication.node_id, stored)
    await again.kill('SIGTERM')
  })

  it('a configured node id is used as given', async () => {
    const node = await NornicNode.start({ env: { NORNICDB_CLUSTER_NODE_ID: 'primary-1' } })
    const health = await fetch(`${node.httpUrl}/health`).then((response) => response.json() as Promise<{ replication: { node_id: string } }>)
    assert.equal(health.replication.node_id, 'primary-1')
    await node.kill('SIGTERM')
  })
})
