/**
 * Parsers turn one raw setting value (a string from a flag or the environment, or a typed TOML value)
 * into its typed form. Each parser also says, in words, what it allows: the config error names it.
 */
export interface Parser<T> {
  readonly allowed: string
  /** Returns the value, or undefined when the raw value is not allowed. */
  parse(raw: unknown): T | undefined
}

export interface HostPort {
  readonly host: string
  readonly port: number
}

export interface PeerAddress extends HostPort {
  readonly id: string
}

export interface Credentials {
  readonly user: string
  readonly password: string
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const HOSTNAME_PATTERN = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,253}[A-Za-z0-9])?)$/

function text(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw.trim()
  if (typeof raw === 'number' || typeof raw === 'bigint' || typeof raw === 'boolean') return String(raw)
  return undefined
}

function wholeNumber(raw: unknown): number | undefined {
  const value = text(raw)
  if (value === undefined || !/^\d+$/.test(value)) return undefined
  const parsed = Number(value)
  return Number.isSafeInteger(parsed) ? parsed : undefined
}

export function integer(min: number, max: number): Parser<number> {
  return {
    allowed: `a whole number from ${min} to ${max}`,
    parse(raw) {
      const value = wholeNumber(raw)
      return value !== undefined && value >= min && value <= max ? value : undefined
    },
  }
}

export const port: Parser<number> = { ...integer(1, 65_535), allowed: 'a port number from 1 to 65535' }

export const boolean: Parser<boolean> = {
  allowed: 'true or false',
  parse(raw) {
    if (typeof raw === 'boolean') return raw
    const value = text(raw)?.toLowerCase()
    if (value === 'true' || value === '1' || value === 'yes' || value === 'on') return true
    if (value === 'false' || value === '0' || value === 'no' || value === 'off') return false
    return undefined
  },
}

/** A duration such as `100ms`, `1s`, `1m30s` or `2h`; returns milliseconds. */
export function duration(minMs: number, maxMs: number): Parser<number> {
  return {
    allowed: `a duration from ${formatDuration(minMs)} to ${formatDuration(maxMs)}, such as 100ms, 1s or 30s`,
    parse(raw) {
      const value = text(raw)
      if (value === undefined || !/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(value)) return undefined
      let totalMs = 0
      for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
        totalMs += Number(amount) * (DURATION_UNITS_MS[unit as string] ?? Number.NaN)
      }
      return Number.isFinite(totalMs) && totalMs >= minMs && totalMs <= maxMs ? Math.round(totalMs) : undefined
    },
  }
}

/** Whole seconds as a bare number (the guide's `300`), or a duration; returns milliseconds. */
export function seconds(minMs: number, maxMs: number): Parser<number> {
  const asDuration = duration(minMs, maxMs)
  return {
    allowed: `a number of seconds, or a duration, from ${formatDuration(minMs)} to ${formatDuration(maxMs)}`,
    parse(raw) {
      const bare = wholeNumber(raw)
      if (bare !== undefined) return bare * 1000 >= minMs && bare * 1000 <= maxMs ? bare * 1000 : undefined
      return asDuration.parse(raw)
    },
  }
}

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, kb: 1000, mb: 1000 ** 2, gb: 1000 ** 3 }

/** A size in bytes such as `65536`, `512KiB`, `64MiB` or `1GiB`. */
export function byteSize(min: number, max: number): Parser<number> {
  return {
    allowed: `a size from ${formatBytes(min)} to ${formatBytes(max)}, such as 512KiB or 64MiB`,
    parse(raw) {
      const match = /^(\d+)\s*([a-z]*)$/i.exec(text(raw) ?? '')
      const unit = SIZE_UNITS[(match?.[2] ?? '').toLowerCase()]
      if (!match || unit === undefined) return undefined
      const bytes = Number(match[1]) * unit
      return Number.isSafeInteger(bytes) && bytes >= min && bytes <= max ? bytes : undefined
    },
  }
}

export function oneOf<const T extends string>(choices: readonly T[]): Parser<T> {
  return {
    allowed: `one of ${choices.join(', ')}`,
    parse(raw) {
      const value = text(raw)
      return choices.find((choice) => choice === value || choice.toLowerCase() === value?.toLowerCase())
    },
  }
}

export const identifier: Parser<string> = {
  allowed: 'letters, digits, ".", "_" and "-", starting with a letter or digit, at most 64 characters',
  parse(raw) {
    const value = text(raw)
    return value !== undefined && ID_PATTERN.test(value) ? value : undefined
  },
}

export const nonEmptyText: Parser<string> = {
  allowed: 'a non-empty text',
  parse(raw) {
    const value = text(raw)
    return value ? value : undefined
  },
}

export const host: Parser<string> = {
  allowed: 'a host name or IP address, such as 0.0.0.0, 127.0.0.1 or node1',
  parse(raw) {
    const value = text(raw)
    return value !== undefined && HOSTNAME_PATTERN.test(value) ? value : undefined
  },
}

function splitHostPort(value: string): HostPort | undefined {
  const colon = value.lastIndexOf(':')
  if (colon <= 0) return undefined
  const hostPart = host.parse(value.slice(0, colon))
  const portPart = port.parse(value.slice(colon + 1))
  return hostPart !== undefined && portPart !== undefined ? { host: hostPart, port: portPart } : undefined
}

export const hostPort: Parser<HostPort> = {
  allowed: 'host:port, such as 0.0.0.0:7000 or node1:7000',
  parse(raw) {
    const value = text(raw)
    return value === undefined ? undefined : splitHostPort(value)
  },
}

function listItems(raw: unknown): string[] | undefined {
  if (Array.isArray(raw)) return raw.every((item) => typeof item === 'string') ? raw.map((item: string) => item.trim()) : undefined
  const value = text(raw)
  if (value === undefined) return undefined
  return value === '' ? [] : value.split(',').map((item) => item.trim())
}

/** `id:host:port,...`; ids must be unique. `what` names the id in the allowed text ("node", "region"). */
export function idAddressList(what: string): Parser<readonly PeerAddress[]> {
  return {
    allowed: `a comma-separated list of ${what}-id:host:port, such as ${what}-2:${what}2:7000,${what}-3:${what}3:7000`,
    parse(raw) {
      const items = listItems(raw)
      if (items === undefined) return undefined
      const peers: PeerAddress[] = []
      for (const item of items) {
        const colon = item.indexOf(':')
        const id = identifier.parse(item.slice(0, colon))
        const address = colon > 0 ? splitHostPort(item.slice(colon + 1)) : undefined
        if (id === undefined || address === undefined || peers.some((peer) => peer.id === id)) return undefined
        peers.push({ id, ...address })
      }
      return peers
    },
  }
}

/** `user:password`, or `none` to turn authentication off (returns null). */
export const credentials: Parser<Credentials | null> = {
  allowed: 'user:password, or none to turn authentication off',
  parse(raw) {
    const value = text(raw)
    if (value === undefined) return undefined
    if (value.toLowerCase() === 'none') return null
    const colon = value.indexOf(':')
    if (colon <= 0 || colon === value.length - 1) return undefined
    return { user: value.slice(0, colon), password: value.slice(colon + 1) }
  },
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`
  if (ms % 1000 === 0 && ms > 0) return `${ms / 1000}s`
  return `${ms}ms`
}

export function formatBytes(bytes: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`
  }
  return `${bytes}B`
}
