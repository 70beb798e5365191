import { supportsColor } from 'chalk'
import { isatty } from 'node:tty'
import { pino, type Logger } from 'pino'
import pretty from 'pino-pretty'
import type { Settings } from '../config/index.js'

export type { Logger } from 'pino'

/**
 * Pretty text for a person at a terminal, JSON lines for everything else (files, containers, pipes).
 * Colour follows chalk, which honours NO_COLOR and FORCE_COLOR.
 */
export function createLogger(settings: Pick<Settings, 'logLevel' | 'logFormat'>, fd = 1): Logger {
  const usePretty = settings.logFormat === 'pretty' || (settings.logFormat === 'auto' && isatty(fd))
  const options = { level: settings.logLevel, base: undefined }
  if (!usePretty) return pino(options, pino.destination({ fd, sync: true }))
  return pino(options, pretty({ destination: fd, sync: true, colorize: supportsColor !== false, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' }))
}
