import type { Socket } from 'node:net'
import { NornicError } from '../../errors/index.js'
import { BoltSession, failureMetadata, type BoltBackend } from './bolt-session.js'
import { ChunkingError, MessageDechunker } from './chunking.js'
import { HANDSHAKE_BYTES, negotiateVersion, versionAnswer } from './handshake.js'
import { decodeRequest, FLUSH_BYTES, isResetMessage, ResponseBatch, UnknownMessageError } from './messages.js'
import { PackStreamError } from './packstream.js'

export interface BoltLogger {
  warn(facts: object, message: string): void
  debug(facts: object, message: string): void
}

/** Largest message a client may send; a RUN with big parameters fits, an endless stream does not. */
export const MESSAGE_BYTES_MAX = 64 * 1024 * 1024

/**
 * One client socket: the handshake, then chunked messages decoded and handed to a BoltSession one
 * at a time, in order, however many the client pipelined; only a RESET acts on arrival. Bytes that break the framing or
 * PackStream, or a message tag Bolt does not have, close this connection (logged once); nothing a
 * client sends can stop the node.
 */
export class BoltConnection {
  #handshake: Buffer = Buffer.alloc(0)
  #session: BoltSession | undefined
  readonly #dechunker = new MessageDechunker(MESSAGE_BYTES_MAX)
  readonly #queue: Buffer[] = []
  #processing = false
  #closed = false

  constructor(
    private readonly socket: Socket,
    private readonly backend: BoltBackend,
    private readonly connectionId: string,
    private readonly logger: BoltLogger,
  ) {
    socket.setNoDelay(true)
    socket.on('data', (bytes: Buffer) => this.#receive(bytes))
    socket.on('error', (error) => this.logger.debug({ connectionId, err: error }, `bolt ${connectionId} socket error: ${error.message}`))
    socket.on('close', () => {
      this.#closed = true
      // Releases what the session's open results hold (their views of the graph) and stops a running read.
      this.#session?.close().catch((error: unknown) => this.logger.warn({ connectionId, err: error }, `bolt ${connectionId} close failed: ${(error as Error)?.message ?? String(error)}`))
    })
  }

  #receive(bytes: Buffer): void {
    if (this.#closed) return
    try {
      if (this.#session === undefined) {
        bytes = this.#shakeHands(bytes)
        if (this.#session === undefined || bytes.length === 0) return
      }
      for (const message of this.#dechunker.push(bytes)) {
        // A RESET jumps the queue (the Bolt spec's INTERRUPTED state): what runs stops where that is
        // safe and what waits ahead of it is IGNORED; the RESET itself is then handled in its turn.
        if (isResetMessage(message)) this.#session.interrupt()
        this.#queue.push(message)
      }
    } catch (error) {
      return this.#abandon(error)
    }
    if (!this.#processing) void this.#process()
  }

  /** Consumes handshake bytes; returns what follows them. */
  #shakeHands(bytes: Buffer): Buffer {
    const all = Buffer.concat([this.#handshake, bytes])
    if (all.length < HANDSHAKE_BYTES) {
      this.#handshake = all
      return Buffer.alloc(0)
    }
    const outcome = negotiateVersion(all.subarray(0, HANDSHAKE_BYTES))
    if (outcome.kind !== 'agreed') {
      const why = outcome.kind === 'not_bolt' ? 'did not start with the Bolt magic 0x6060B017' : `proposed only ${outcome.proposed.join(', ') || 'nothing'}; this server speaks 4.4 and 5.0-5.8`
      this.logger.warn({ connectionId: this.connectionId }, `bolt ${this.connectionId} closed: the client ${why}`)
      this.socket.end(versionAnswer(undefined))
      this.#closed = true
      return Buffer.alloc(0)
    }
    const local = `${this.socket.localAddress ?? '127.0.0.1'}:${this.socket.localPort ?? 0}`
    this.#session = new BoltSession(this.backend, outcome.version, this.connectionId, local, (error) =>
      this.logger.warn({ connectionId: this.connectionId, err: error }, `bolt ${this.connectionId} request failed: internal error: ${(error as Error)?.message ?? String(error)}`))
    this.socket.write(versionAnswer(outcome.version))
    return all.subarray(HANDSHAKE_BYTES)
  }

  async #process(): Promise<void> {
    this.#processing = true
    const batch = new ResponseBatch(async (full) => {
      if (full.byteLength >= FLUSH_BYTES) await this.#write(full)
      // A long PULL is a run of promise continuations; yielding here lets socket events (a RESET) in.
      await new Promise((resolve) => setImmediate(resolve))
    })
    try {
      while (this.#queue.length > 0 && !this.#closed) {
        const bytes = this.#queue.shift()!
        let request
        try {
          request = decodeRequest(bytes)
        } catch (error) {
          if (error instanceof UnknownMessageError) {
            batch.failure(failureMetadata(new NornicError('Neo.ClientError.Request.Invalid', error.message), this.#session!.version))
          }
          await this.#write(batch)
          return this.#abandon(error)
        }
        await this.#session!.handle(request, batch)
        if (this.#session!.state === 'defunct') {
          this.socket.end(batch.take())
          this.#closed = true
          return
        }
        if (batch.byteLength >= FLUSH_BYTES || this.#queue.length === 0) await this.#write(batch)
      }
    } catch (error) {
      this.#abandon(error)
    } finally {
      this.#processing = false
    }
  }

  /** Writes what the batch holds and waits while the socket's buffer is full (the client reads slowly). */
  async #write(batch: ResponseBatch): Promise<void> {
    if (batch.byteLength === 0 || this.#closed) return
    if (this.socket.write(batch.take())) return
    await new Promise<void>((resolve) => {
      const done = () => {
        this.socket.off('drain', done)
        this.socket.off('close', done)
        resolve()
      }
      this.socket.on('drain', done)
      this.socket.on('close', done)
    })
  }

  /** Closes this connection because of what the client sent (or a bug), logging it once. */
  #abandon(error: unknown): void {
    if (this.#closed) return
    this.#closed = true
    const expected = error instanceof ChunkingError || error instanceof PackStreamError || error instanceof UnknownMessageError
    const message = (error as Error)?.message ?? String(error)
    this.logger.warn({ connectionId: this.connectionId, err: expected ? undefined : error }, `bolt ${this.connectionId} closed: ${expected ? 'malformed input' : 'internal error'}: ${message}`)
    this.socket.destroySoon()
  }
}
