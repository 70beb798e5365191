import { GraphDatabase } from '../../src/graph/database.js'
import type { OpenDatabase } from './engine.js'

/**
 * The engine under test, as the TCK's worker threads open it: a fresh in-memory
 * GraphDatabase per scenario. pool.ts names this module; a test may name another module
 * with the same export.
 */
export const openDatabase: OpenDatabase = () => GraphDatabase.open({ memory: true })
