// Regenerates the settings table in README.md from src/config/settings.ts.
import { readFileSync, writeFileSync } from 'node:fs'
import { withSettingsDoc } from '../src/config/settings-doc.js'

const path = new URL('../README.md', import.meta.url)
writeFileSync(path, withSettingsDoc(readFileSync(path, 'utf8')))
