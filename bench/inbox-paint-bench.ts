import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { loadavg } from 'node:os'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { chromium } from 'playwright-core'

const log = (message: string) => process.stderr.write(`${message}\n`)
const RUNS = 7

/**
 * Time to first paint of the inbox in Chromium, on an already seeded data dir (the inbox
 * bench's 100k conversations): web mode is started on it, and each run opens the app in a fresh
 * browser context and times from navigation start to the first frame painted after the first
 * conversation row entered the DOM. Target: < 1 s.
 */
export async function measureInboxFirstPaint(dataDir: string): Promise<void> {
  const entry = resolve(process.env.RAPPORT_OUT_DIR ?? 'out', 'main/web.js')
  if (!existsSync(entry)) throw new Error(`Web mode is not built at ${entry}: run "npm run build".`)
  const chromiumPath = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
    encoding: 'utf8'
  }).stdout.trim()
  if (!chromiumPath) {
    log('first paint: skipped, Chromium is not installed (apt-get install chromium)')
    return
  }
  const child = spawn(process.execPath, [entry, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] })
  // Kept for the error message if web mode dies; its routine notes (no keychain) are dropped.
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      createInterface({ input: child.stdout }).once('line', (line) => resolveUrl(line.trim()))
      child.once('exit', (code) => reject(new Error(`web mode exited early with code ${code}:\n${stderr}`)))
    })
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
    })
    try {
      const times: number[] = []
      // When the last script (the app's code, split into chunks) was downloaded: the renderer's
      // boot entry loads the app after it sent the first queries, so DOMContentLoaded no longer
      // marks the app's code being there.
      const scripts: number[] = []
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
        await context.addInitScript(() => {
          // Records the first frame painted after the first conversation row appears: rAF runs
          // just before that frame's paint, and a task queued from it runs just after.
          const observer = new MutationObserver(() => {
            if (!document.querySelector('[data-testid="conversation-row"]')) return
            observer.disconnect()
            requestAnimationFrame(() =>
              setTimeout(() => {
                ;(window as unknown as { firstRowPaint: number }).firstRowPaint = performance.now()
              }, 0)
            )
          })
          observer.observe(document, { childList: true, subtree: true })
        })
        const page = await context.newPage()
        await page.goto(url)
        await page.waitForFunction(
          () => (window as unknown as { firstRowPaint?: number }).firstRowPaint,
          null,
          {
            timeout: 30_000
          }
        )
        const [paint, scriptReady] = await page.evaluate(() => {
          const paintedAt = (window as unknown as { firstRowPaint: number }).firstRowPaint
          const scriptEnds = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
            .filter((entry) => entry.name.endsWith('.js') && entry.responseEnd <= paintedAt)
            .map((entry) => entry.responseEnd)
          return [paintedAt, Math.max(0, ...scriptEnds)]
        })
        times.push(paint!)
        scripts.push(scriptReady!)
        await context.close()
      }
      const sorted = [...times].sort((a, b) => a - b)
      const median = medianOf(times)
      process.stdout.write(
        [
          `inbox time to first paint in Chromium (navigation start -> first conversation row painted; ${RUNS} fresh contexts)`,
          `runs ms: ${times.map((t) => t.toFixed(0)).join(', ')}`,
          `median ${median.toFixed(0)} ms; first (cold) ${times[0]!.toFixed(0)} ms; worst ${sorted.at(-1)!.toFixed(0)} ms (target < 1000 ms)`,
          `of which app code downloaded (last script before the paint), median ${medianOf(scripts).toFixed(0)} ms; machine load average ${loadavg()[0]!.toFixed(1)}`,
          ''
        ].join('\n')
      )
    } finally {
      await browser.close()
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
  }
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}
