import { resolve } from 'node:path'
import { defineConfig } from 'vite'

// The benchmarks drive the real core (TypeScript, with .sql migrations bundled through
// import.meta.glob), so they are built like the app: one Node ESM bundle, dependencies external.
export default defineConfig({
  root: resolve(import.meta.dirname, '..'),
  logLevel: 'warn',
  build: {
    ssr: resolve(import.meta.dirname, 'bench-main.ts'),
    outDir: resolve(import.meta.dirname, '..', process.env.RAPPORT_OUT_DIR ?? 'out', 'bench'),
    emptyOutDir: true,
    target: 'node22',
    rollupOptions: { output: { entryFileNames: 'bench.js', format: 'esm' } }
  }
})
