#!/usr/bin/env node
// The CLI is bundled with the rest of the app by electron-vite; this shim only finds it.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write('Rapport is not built yet. Run "npm run build" in the Rapport folder first.\n')
  process.exit(1)
}
await import(cli)
