import { NornicError } from '../../errors/index.js'
import type { QueryResult } from '../../graph/command.js'
import type { RaftDriver } from '../raft/driver/raft-driver.js'
import type { AddressBook, MemberAddresses } from './address-book.js'
import { quorumRiskOfRemoval, type AdminAnswer } from './raft-admin.js'
import type { RaftModeLogger } from './raft-replicator.js'

/** A leader-only operation as it travels in an AdminForward frame. */
export type AdminOperation =
  | { readonly op: 'add'; readonly nodeId: string; readonly address: string; readonly voter: boolean }
  | { readonly op: 'remove'; readonly nodeId: string; readonly force: boolean }
  | { readonly op: 'transfer'; readonly target?: string }
  | { readonly op: 'stepDown' }
  | { readonly op: 'announce'; readonly nodeId: string; readonly boltAddress: string }

export interface RaftAdminContext {
  readonly nodeId: string
  readonly driver: () => RaftDriver<QueryResult[]>
  readonly addresses: AddressBook
  /** Replicates where `id` listens, so every node (and any later leader) can reach it. */
  readonly proposeMemberAddress: (id: string, member: MemberAddresses) => Promise<void>
  readonly electionTimeoutMs: number
  /** How long a new member may take to catch up before the add gives up on promoting it. */
  readonly catchUpTimeoutMs: number
  readonly isHealthy: (id: string) => boolean
  readonly logger: RaftModeLogger
}

const CATCH_UP_POLL_MS = 20

/**
 * The leader's side of the admin API. Membership changes go one server at a time, as the core
 * takes them: a new member joins as a learner, catches up (by snapshot if the log was compacted
 * past it), and only then becomes a voter, so it never counts towards a quorum while it lags.
 */
export class RaftAdminOperations {
  readonly #context: RaftAdminContext

  constructor(context: RaftAdminContext) {
    this.#context = context
  }

  /** An operation another node forwarded: it runs here only if this node still leads. */
  async runForwarded(operation: AdminOperation): Promise<AdminAnswer> {
    const { leader } = this.#context.driver().status()
    if (leader !== this.#context.nodeId) {
      throw new NornicError('Neo.ClientError.Cluster.NotALeader', `${this.#context.nodeId} is not the leader (leader: ${leader || 'none'}); ask again`, { node: this.#context.nodeId, leader })
    }
    return this.run(operation)
  }

  run(operation: AdminOperation): Promise<AdminAnswer> {
    switch (operation.op) {
      case 'add':
        return this.#add(operation.nodeId, operation.address, operation.voter)
      case 'remove':
        return this.#remove(operation.nodeId, operation.force)
      case 'transfer':
        return this.#transfer(operation.target)
      case 'stepDown':
        return this.#transfer(undefined)
      case 'announce':
        return this.#announce(operation.nodeId, operation.boltAddress)
    }
  }

  async snapshot(): Promise<AdminAnswer> {
    const snapshot = await this.#context.driver().snapshotNow()
    return { nodeId: this.#context.nodeId, message: `${this.#context.nodeId} holds a snapshot at index ${snapshot.index} term ${snapshot.term}`, index: snapshot.index, term: snapshot.term }
  }

  async #add(id: string, address: string, voter: boolean): Promise<AdminAnswer> {
    const { nodeId } = this.#context
    const driver = this.#context.driver()
    const membership = driver.status().membership
    const isVoter = membership.voters.includes(id)
    const isLearner = membership.learners.includes(id)
    if (isVoter || (isLearner && !voter)) {
      return { nodeId, message: `${id} is already a ${isVoter ? 'voter' : 'non-voter'}; nothing to do`, member: id, voter: isVoter, changed: false }
    }
    if (this.#context.addresses.get(id) !== address) await this.#context.proposeMemberAddress(id, { address })
    if (!isLearner) await driver.proposeConfChange({ kind: 'addLearner', node: id })
    this.#context.logger.info({ node: nodeId, member: id, address }, `${nodeId} added ${id} (${address}) as a non-voter`)
    if (!voter) return { nodeId, message: `${id} joined as a non-voter`, member: id, voter: false, changed: true }
    const match = await this.#caughtUp(id)
    await driver.proposeConfChange({ kind: 'promoteLearner', node: id })
    this.#context.logger.info({ node: nodeId, member: id, match }, `${nodeId} promoted ${id} to voter at match index ${match}`)
    return { nodeId, message: `${id} caught up to index ${match} and is a voter`, member: id, voter: true, changed: true, matchIndex: match }
  }

  /** A member's own Bolt address, replicated so any node can route drivers to it. */
  async #announce(id: string, boltAddress: string): Promise<AdminAnswer> {
    const { nodeId } = this.#context
    if (this.#context.addresses.boltAddressOf(id) === boltAddress) {
      return { nodeId, message: `${id} is already known at Bolt ${boltAddress}; nothing to do`, member: id, changed: false }
    }
    await this.#context.proposeMemberAddress(id, { boltAddress })
    return { nodeId, message: `${id} is known at Bolt ${boltAddress}`, member: id, changed: true }
  }

  /** Waits until the learner's log reaches the leader's commit index as it stood when the wait began. */
  async #caughtUp(id: string): Promise<number> {
    const driver = this.#context.driver()
    const target = driver.status().commit
    const deadline = Date.now() + this.#context.catchUpTimeoutMs
    for (;;) {
      const member = driver.status().members.find((candidate) => candidate.id === id)
      const match = member?.match ?? 0
      if (match >= target) return match
      if (driver.status().role !== 'leader') {
        throw new NornicError('Nornic.Cluster.ChangeInProgress', `${this.#context.nodeId} lost leadership while ${id} was catching up; it stays a non-voter until added again`, { node: this.#context.nodeId, member: id })
      }
      if (Date.now() > deadline) {
        throw new NornicError(
          'Nornic.Cluster.ChangeInProgress',
          `${id} reached index ${match} of ${target} within ${this.#context.catchUpTimeoutMs} ms; it stays a non-voter until added again`,
          { node: this.#context.nodeId, member: id, match, target },
        )
      }
      await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS))
    }
  }

  async #remove(id: string, force: boolean): Promise<AdminAnswer> {
    const { nodeId } = this.#context
    const driver = this.#context.driver()
    const membership = driver.status().membership
    if (!membership.voters.includes(id) && !membership.learners.includes(id)) {
      return { nodeId, message: `${id} is not a member; nothing to do`, member: id, changed: false }
    }
    if (!force && membership.voters.includes(id)) {
      const risk = quorumRiskOfRemoval(membership.voters, id, (voter) => voter === nodeId || this.#context.isHealthy(voter))
      if (risk !== undefined) {
        throw new NornicError('Nornic.Cluster.RemoveWouldLoseQuorum', `refusing to remove ${id}: ${risk}; pass force to remove it anyway`, { node: nodeId, member: id })
      }
    }
    await driver.proposeConfChange({ kind: 'remove', node: id })
    this.#context.logger.info({ node: nodeId, member: id, force }, `${nodeId} removed ${id} from the cluster`)
    return { nodeId, message: `${id} was removed`, member: id, changed: true, forced: force }
  }

  async #transfer(target: string | undefined): Promise<AdminAnswer> {
    const { nodeId } = this.#context
    const started = performance.now()
    const leader = await this.#context.driver().transferLeadership(target)
    const ms = Math.round(performance.now() - started)
    return { nodeId, message: `${nodeId} handed leadership to ${leader} in ${ms} ms`, leader, previousLeader: nodeId, tookMs: ms }
  }
}
