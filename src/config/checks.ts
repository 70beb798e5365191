import { configError } from './config-error.js'
import { settingLabel, type SettingOrigin } from './origin.js'
import { specOf, type SettingName, type Settings } from './settings.js'

type Origins = Readonly<Record<SettingName, SettingOrigin>>

/**
 * Rules between settings, checked in one pass after every source is merged, so a message can name
 * both sides of a clash with their values.
 */
export function checkSettingRules(settings: Settings, origins: Origins): void {
  const label = (name: SettingName): string => settingLabel(name, origins[name])
  const show = (name: SettingName): string => specOf(name).show(settings[name] as never)
  const required = (name: SettingName, when: string): void => {
    if (settings[name] === undefined) {
      throw configError(`${specOf(name).env} is required ${when} (${specOf(name).parser.allowed})`, { setting: specOf(name).env })
    }
  }
  const mustBeBelow = (smaller: SettingName, larger: SettingName): void => {
    if ((settings[smaller] as number) >= (settings[larger] as number)) {
      throw configError(`${label(smaller)}=${show(smaller)} must be shorter than ${label(larger)} (${show(larger)})`, { setting: specOf(smaller).env })
    }
  }

  if (settings.httpPort === settings.boltPort) {
    throw configError(`${label('httpPort')}=${settings.httpPort} and ${label('boltPort')} must differ`, { setting: specOf('httpPort').env })
  }
  if (settings.clusterMode === 'ha_standby') {
    required('haRole', 'when NORNICDB_CLUSTER_MODE=ha_standby')
    required('haPeerAddr', 'when NORNICDB_CLUSTER_MODE=ha_standby')
  }
  if (settings.clusterMode === 'multi_region') required('regionId', 'when NORNICDB_CLUSTER_MODE=multi_region')
  if (settings.clusterMode !== 'standalone') {
    for (const port of ['httpPort', 'boltPort'] as const) {
      if (settings.bindAddr.port === settings[port]) {
        throw configError(`${label('bindAddr')}=${show('bindAddr')} uses the same port as ${label(port)} (${settings[port]})`, { setting: specOf('bindAddr').env })
      }
    }
  }
  mustBeBelow('raftHeartbeatTimeoutMs', 'raftElectionTimeoutMs')
  if (settings.haMaxReconnectBackoffMs < settings.haReconnectIntervalMs) {
    throw configError(`${label('haMaxReconnectBackoffMs')}=${show('haMaxReconnectBackoffMs')} must not be shorter than ${label('haReconnectIntervalMs')} (${show('haReconnectIntervalMs')})`, { setting: specOf('haMaxReconnectBackoffMs').env })
  }
  if (settings.tlsEnabled) {
    required('tlsCertFile', 'when NORNICDB_CLUSTER_TLS_ENABLED=true')
    required('tlsKeyFile', 'when NORNICDB_CLUSTER_TLS_ENABLED=true')
    if (settings.tlsVerifyClient) required('tlsCaFile', 'when NORNICDB_CLUSTER_TLS_VERIFY_CLIENT=true')
  }
  if (settings.nodeId !== undefined && settings.raftPeers.some((peer) => peer.id === settings.nodeId)) {
    throw configError(`${label('raftPeers')} lists this node's own id ${settings.nodeId}; list only the other members`, { setting: specOf('raftPeers').env })
  }
}
