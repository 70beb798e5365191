export { configError } from './config-error.js'
export { describeAssignment, describeSource, settingLabel, type SettingOrigin, type SettingSource } from './origin.js'
export type { Credentials, HostPort, PeerAddress } from './parsers.js'
export { resolveSettings, type ResolvedSettings, type SettingInputs } from './resolve.js'
export {
  SETTINGS, SETTING_NAMES, specOf,
  type ClusterMode, type ConsistencyLevel, type SettingGroup, type SettingName, type Settings,
} from './settings.js'
export { cliEnvironment, type CliEnvironment } from './cli-environment.js'
