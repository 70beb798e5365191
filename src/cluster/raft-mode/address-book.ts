import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { replaceFileDurably } from '../durable-file.js'

const BOOK_FILE = 'members.json'

/** The book as members.json and the snapshot record hold it; a book from before Bolt addresses has none. */
export interface AddressBookRecord {
  readonly addresses: Readonly<Record<string, string>>
  readonly boltAddresses?: Readonly<Record<string, string>>
}

/**
 * A member record's content: the cluster address (from `/admin/cluster/add`), or the Bolt address
 * a member announced, or both. A member never announces its own cluster address: each node keeps
 * the one it was configured with, which may be a different route to the same member.
 */
export interface MemberAddresses {
  readonly address?: string
  readonly boltAddress?: string
}

/**
 * Where each member listens on the cluster port, by node id. The configured peers
 * (NORNICDB_CLUSTER_RAFT_PEERS) seed it; members added later arrive as replicated member records,
 * and are kept in a file beside the Raft log so a restart still knows how to reach them. Each member
 * also announces its Bolt address in a member record, so any node can answer a driver's ROUTE.
 */
export class AddressBook {
  readonly #dir: string
  readonly #addresses = new Map<string, string>()
  readonly #boltAddresses = new Map<string, string>()
  readonly #listeners = new Set<(id: string, address: string) => void>()

  private constructor(dir: string) {
    this.#dir = dir
  }

  /** Reads the book kept in `dir` (if any), then the configured peers, which win on a clash. */
  static async load(dir: string, configured: ReadonlyMap<string, string>): Promise<AddressBook> {
    const book = new AddressBook(dir)
    try {
      book.#take(readRecord(JSON.parse(await readFile(join(dir, BOOK_FILE), 'utf8')) as unknown))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    for (const [id, address] of configured) book.#addresses.set(id, address)
    return book
  }

  get(id: string): string | undefined {
    return this.#addresses.get(id)
  }

  boltAddressOf(id: string): string | undefined {
    return this.#boltAddresses.get(id)
  }

  entries(): [string, string][] {
    return [...this.#addresses]
  }

  /** Calls `listener` for every address recorded from now on. */
  onRecord(listener: (id: string, address: string) => void): void {
    this.#listeners.add(listener)
  }

  /** Records a member's addresses and writes the book durably before resolving; an address the record leaves out stays as known. */
  async record(id: string, member: MemberAddresses): Promise<void> {
    const addressChanged = member.address !== undefined && member.address !== this.#addresses.get(id)
    const boltChanged = member.boltAddress !== undefined && member.boltAddress !== this.#boltAddresses.get(id)
    if (!addressChanged && !boltChanged) return
    if (member.address !== undefined) this.#addresses.set(id, member.address)
    if (member.boltAddress !== undefined) this.#boltAddresses.set(id, member.boltAddress)
    await this.#write()
    if (addressChanged) for (const listener of this.#listeners) listener(id, member.address as string)
  }

  /** Takes in the book of a snapshot from the leader. */
  async replace(record: AddressBookRecord): Promise<void> {
    for (const [id, address] of Object.entries(record.addresses)) await this.record(id, { address })
    for (const [id, boltAddress] of Object.entries(record.boltAddresses ?? {})) await this.record(id, { boltAddress })
  }

  toJSON(): AddressBookRecord {
    return { addresses: Object.fromEntries(this.#addresses), boltAddresses: Object.fromEntries(this.#boltAddresses) }
  }

  #take(record: AddressBookRecord): void {
    for (const [id, address] of Object.entries(record.addresses)) this.#addresses.set(id, address)
    for (const [id, address] of Object.entries(record.boltAddresses ?? {})) this.#boltAddresses.set(id, address)
  }

  #write(): Promise<void> {
    return replaceFileDurably(this.#dir, BOOK_FILE, JSON.stringify(this.toJSON()))
  }
}

/**
 * Reads members.json or a snapshot's book in either shape: the record, or the flat map of cluster
 * addresses written before Bolt addresses (a member named "addresses" there has a string, not a map).
 */
function readRecord(stored: unknown): AddressBookRecord {
  const value = stored as Record<string, unknown>
  if (typeof value.addresses === 'object' && value.addresses !== null) return value as unknown as AddressBookRecord
  return { addresses: value as Record<string, string> }
}
