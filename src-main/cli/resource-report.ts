// For benchmarks (RAPPORT_REPORT_RESOURCES=1): what this process used, measured by itself and
// printed to stderr on exit as `rapport-resources {json}`.
import { readFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'

export type ResourceReport = {
  maxRssMb: number
  /** CPU of every thread of the process, parse workers included. */
  cpuSeconds: number
  /**
   * CPU of the core's own thread alone, which stores the mail and so sets an import's pace; null
   * where the runtime cannot tell (process.threadCpuUsage came in Node 22.19).
   */
  coreThreadCpuSeconds: number | null
  /**
   * How long the core's event loop was held up: the wait a UI command would see behind sync
   * work. Under the app this is the utility process that answers the window.
   */
  loopDelayP99Ms: number
  loopDelayMaxMs: number
  /** What the process wrote to disk (Linux counts it in 512-byte blocks; 0 where not counted). */
  diskWrittenMb: number
}

/** Starts measuring; the returned function prints the report. Does nothing unless asked for. */
export function startResourceReport(env = process.env): () => void {
  if (!env.RAPPORT_REPORT_RESOURCES) return () => undefined
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  return () => {
    delay.disable()
    const usage = process.resourceUsage()
    const thread = typeof process.threadCpuUsage === 'function' ? process.threadCpuUsage() : null
    const report: ResourceReport = {
      maxRssMb: peakRssMb(usage),
      cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
      coreThreadCpuSeconds: thread ? (thread.user + thread.system) / 1e6 : null,
      loopDelayP99Ms: delay.percentile(99) / 1e6,
      loopDelayMaxMs: delay.max / 1e6,
      diskWrittenMb: (usage.fsWrite * 512) / 1e6
    }
    process.stderr.write(`rapport-resources ${JSON.stringify(report)}\n`)
  }
}

/**
 * This process's own peak RSS. Not getrusage's maxRSS alone on Linux: exec carries the parent's
 * peak into it, so a CLI started by a larger process (a test runner, a benchmark holding its
 * corpus) reported that process's peak. /proc's VmHWM belongs to this process's memory only.
 */
function peakRssMb(usage: NodeJS.ResourceUsage): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]
    if (kb) return Number(kb) / 1024
  } catch {
    // No /proc (macOS, Windows): getrusage is all there is.
  }
  return usage.maxRSS / 1024
}
