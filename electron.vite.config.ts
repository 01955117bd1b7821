import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import type { HtmlTagDescriptor, Plugin } from 'vite'
import react from '@vitejs/plugin-react'

// `npm run dev` only: React's hot reload injects an inline script and talks over a websocket,
// which the production CSP in index.html forbids. Builds keep the strict policy untouched.
const relaxCspForDevServer: Plugin = {
  name: 'rapport-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html
      .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
      .replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*")
}

// The renderer's entry (main.tsx) is a small boot module that sends the first queries, then
// imports the app (app/mount.tsx). Announcing the app's chunks and styles in index.html lets the
// browser fetch them alongside the boot module instead of after it ran.
const preloadAppChunks: Plugin = {
  name: 'rapport-preload-app-chunks',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler(_html, { bundle }) {
      const chunks = Object.values(bundle ?? {}).filter((item) => item.type === 'chunk')
      const app = chunks.find((chunk) => chunk.facadeModuleId?.endsWith('/src/app/mount.tsx'))
      if (!app) return []
      // The boot module is already a <script>; its own tag fetches it.
      const files = [app.fileName, ...app.imports].filter(
        (file) => !chunks.some((c) => c.isEntry && c.fileName === file)
      )
      const css = files.flatMap((file) => [
        ...(chunks.find((c) => c.fileName === file)?.viteMetadata?.importedCss ?? [])
      ])
      const tag = (rel: string, file: string): HtmlTagDescriptor => ({
        tag: 'link',
        attrs: { rel, href: `./${file}`, crossorigin: true },
        injectTo: 'head'
      })
      return [
        ...files.map((file) => tag('modulepreload', file)),
        ...css.map((file) => tag('stylesheet', file))
      ]
    }
  }
}

// The product owner's layout uses src-main / src-preload / src-renderer instead of
// electron-vite's default src/main etc., so every entry is spelled out here.
const { version } = JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as {
  version: string
}
// RAPPORT_OUT_DIR lets two builds (say, two test runs in one checkout) not overwrite each other.
const outDir = resolve(__dirname, process.env.RAPPORT_OUT_DIR ?? 'out')

export default defineConfig({
  main: {
    define: { __RAPPORT_VERSION__: JSON.stringify(version) },
    build: {
      outDir: resolve(outDir, 'main'),
      externalizeDeps: true,
      rollupOptions: {
        input: {
          // Electron main process (windows, safeStorage, utilityProcess broker).
          index: resolve(__dirname, 'src-main/app/main.ts'),
          // The core, run by Electron in a utilityProcess.
          core: resolve(__dirname, 'src-main/core/host/utility-process-entry.ts'),
          // Web mode host and the CLI: the same core under plain Node.
          web: resolve(__dirname, 'src-main/web/web-main.ts'),
          cli: resolve(__dirname, 'src-main/cli/cli-main.ts')
        }
      }
    }
  },
  preload: {
    build: {
      outDir: resolve(outDir, 'preload'),
      // A sandboxed preload cannot require node_modules, so bundle everything into one CJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react(), relaxCspForDevServer, preloadAppChunks],
    build: {
      outDir: resolve(outDir, 'renderer'),
      // Minified, the renderer parses in about half the time: most of the inbox's first paint.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } }
    }
  }
})
