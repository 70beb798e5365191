import type { Entry, Message, RaftStatus } from '../../../../../src/cluster/raft/index.js'

/** How an applied entry shows in `applied` output. */
export function identityOf(entry: Entry): string {
  switch (entry.type) {
    case 'normal':
      return entry.data
    case 'noop':
      return '(noop)'
    case 'config':
      return `(${entry.change.kind} ${entry.change.node})`
  }
}

export function formatEntry(entry: Entry): string {
  return `${entry.index}/${entry.term} ${identityOf(entry)}`
}

export function formatMessage(m: Message): string {
  const head = `${m.from}->${m.to} ${m.type} term=${m.term}`
  switch (m.type) {
    case 'append':
      return `${head} prev=${m.prevIndex}/${m.prevTerm} commit=${m.commit} entries=[${m.entries.map(formatEntry).join(', ')}]`
    case 'appendResponse':
      return m.reject
        ? `${head} reject index=${m.index} hint=${m.conflictIndex}/${m.conflictTerm}`
        : `${head} index=${m.index}`
    case 'heartbeat':
      return `${head} commit=${m.commit}${m.context === '' ? '' : ` context=${m.context}`}`
    case 'heartbeatResponse':
      return `${head}${m.context === '' ? '' : ` context=${m.context}`}`
    case 'preVote':
    case 'vote':
      return `${head} last=${m.lastIndex}/${m.lastTerm}${m.transfer ? ' transfer' : ''}`
    case 'preVoteResponse':
    case 'voteResponse':
      return `${head} ${m.reject ? 'reject' : 'grant'}`
    case 'snapshot':
      return `${head} snapshot=${m.snapshot.index}/${m.snapshot.term}`
    case 'timeoutNow':
      return head
    case 'readIndex':
      return `${head} context=${m.context}`
    case 'readIndexResponse':
      return `${head} context=${m.context} index=${m.index}`
  }
}

export function formatStatus(s: RaftStatus): string[] {
  const lines = [
    `${s.id} ${s.role} term=${s.term} leader=${s.leader || '-'} vote=${s.vote || '-'} commit=${s.commit} applied=${s.applied} log=${s.firstIndex}..${s.lastIndex} snapshot=${s.snapshotIndex}`,
    `  voters=${s.membership.voters.join(',')} learners=${s.membership.learners.join(',') || '-'}${s.transferee === '' ? '' : ` transferring-to=${s.transferee}`}`,
  ]
  if (s.role === 'leader') {
    for (const m of s.members) {
      if (m.state === 'self') continue
      lines.push(`  ${m.id} ${m.voter ? 'voter' : 'learner'} ${m.state} match=${m.match} next=${m.next} inflight=${m.inflight}`)
    }
  }
  return lines
}
