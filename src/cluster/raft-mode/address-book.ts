import { open, readFile, rename } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/**
 * Where each member listens on the cluster port, by node id. The configured peers
 * (NORNICDB_CLUSTER_RAFT_PEERS) seed it; members added later arrive as replicated member records,
 * and are kept in a file beside the Raft log so a restart still knows how to reach them.
 */
export class AddressBook {
  readonly #file: string
  readonly #addresses = new Map<string, string>()
  readonly #listeners = new Set<(id: string, address: string) => void>()

  private constructor(file: string) {
    this.#file = file
  }

  /** Reads the book kept in `dir` (if any), then the configured peers, which win on a clash. */
  static async load(dir: string, configured: ReadonlyMap<string, string>): Promise<AddressBook> {
    const book = new AddressBook(join(dir, 'members.json'))
    try {
      const stored = JSON.parse(await readFile(book.#file, 'utf8')) as Record<string, string>
      for (const [id, address] of Object.entries(stored)) book.#addresses.set(id, address)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    for (const [id, address] of configured) book.#addresses.set(id, address)
    return book
  }

  get(id: string): string | undefined {
    return this.#addresses.get(id)
  }

  entries(): [string, string][] {
    return [...this.#addresses]
  }

  /** Calls `listener` for every address recorded from now on. */
  onRecord(listener: (id: string, address: string) => void): void {
    this.#listeners.add(listener)
  }

  /** Records an address and writes the book durably before resolving. */
  async record(id: string, address: string): Promise<void> {
    if (this.#addresses.get(id) === address) return
    this.#addresses.set(id, address)
    await this.#write()
    for (const listener of this.#listeners) listener(id, address)
  }

  /** Replaces the whole book (a snapshot from the leader). */
  async replace(addresses: Readonly<Record<string, string>>): Promise<void> {
    for (const [id, address] of Object.entries(addresses)) await this.record(id, address)
  }

  toJSON(): Record<string, string> {
    return Object.fromEntries(this.#addresses)
  }

  async #write(): Promise<void> {
    const partial = `${this.#file}.partial`
    const handle = await open(partial, 'w')
    try {
      await handle.writeFile(JSON.stringify(this.toJSON()))
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(partial, this.#file)
    const directory = await open(dirname(this.#file), 'r')
    try {
      await directory.sync()
    } finally {
      await directory.close()
    }
  }
}
