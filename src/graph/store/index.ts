export type * from './graph-store.js'
export { openLevelGraphStore, openMemoryGraphStore } from './level-graph-store.js'
