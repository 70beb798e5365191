/**
 * The Bolt handshake: the client sends the magic 0x6060B017 and four version proposals of four bytes
 * each (reserved, range, minor, major; the range counts minor versions below `minor` that are also
 * fine); the server answers the one version it picks, or four zero bytes when none fits.
 */

export const BOLT_MAGIC = 0x6060b017
export const HANDSHAKE_BYTES = 20

export interface BoltVersion {
  readonly major: number
  readonly minor: number
}

/** What this server speaks, best first: 5.0 to 5.8 and 4.4. */
export const SUPPORTED_VERSIONS: readonly BoltVersion[] = [
  ...[8, 7, 6, 5, 4, 3, 2, 1, 0].map((minor) => ({ major: 5, minor })),
  { major: 4, minor: 4 },
]

export type HandshakeOutcome =
  | { readonly kind: 'agreed'; readonly version: BoltVersion }
  | { readonly kind: 'no_common_version'; readonly proposed: readonly string[] }
  | { readonly kind: 'not_bolt' }

/** Reads the 20 handshake bytes and picks the highest version both sides speak. */
export function negotiateVersion(bytes: Buffer): HandshakeOutcome {
  if (bytes.length < HANDSHAKE_BYTES || bytes.readUInt32BE(0) !== BOLT_MAGIC) return { kind: 'not_bolt' }
  const proposals = [4, 8, 12, 16].map((offset) => ({
    range: bytes[offset + 1]!,
    minor: bytes[offset + 2]!,
    major: bytes[offset + 3]!,
  }))
  const accepted = (version: BoltVersion) =>
    proposals.some((p) => p.major === version.major && version.minor <= p.minor && version.minor >= p.minor - p.range)
  const version = SUPPORTED_VERSIONS.find(accepted)
  if (version !== undefined) return { kind: 'agreed', version }
  return {
    kind: 'no_common_version',
    proposed: proposals.filter((p) => p.major !== 0).map((p) => (p.range > 0 ? `${p.major}.${p.minor - p.range}-${p.major}.${p.minor}` : `${p.major}.${p.minor}`)),
  }
}

/** The four bytes that answer the handshake; zeros say no version fits. */
export function versionAnswer(version: BoltVersion | undefined): Buffer {
  const answer = Buffer.alloc(4)
  if (version !== undefined) {
    answer[2] = version.minor
    answer[3] = version.major
  }
  return answer
}

export function atLeast(version: BoltVersion, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor)
}
