#!/usr/bin/env node
// The CLI is bundled with the rest of the app by electron-vite; this shim only finds it.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

// RAPPORT_OUT_DIR: a build made elsewhere (see electron.vite.config.ts).
const outDir = process.env.RAPPORT_OUT_DIR ?? fileURLToPath(new URL('../out', import.meta.url))
const cli = resolve(outDir, 'main/cli.js')
if (!existsSync(cli)) {
  process.stderr.write('Rapport is not built yet. Run "npm run build" in the Rapport folder first.\n')
  process.exit(1)
}
await import(cli)
