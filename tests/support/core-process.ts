// A Rapport core in a child process: the built CLI on a data dir, which a crash test can kill -9
// at any moment and then run again on the same data dir, as a user restarting the app would.
import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'

const CLI = resolve('bin/rapport.js')

export type CoreExit = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

export type CoreProcess = {
  child: ChildProcess
  /** Resolves when the process has ended, however it ended. */
  exited: Promise<CoreExit>
  /** SIGKILL: no cleanup, no flushing, exactly like a crash or a power cut. */
  kill(): void
}

export function startCoreProcess(
  dataDir: string,
  args: string[],
  env: Record<string, string> = {}
): CoreProcess {
  const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<CoreExit>((resolveExit) => {
    child.on('exit', (code, signal) => resolveExit({ code, signal, stdout, stderr }))
  })
  return {
    child,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
  }
}

/** Runs the CLI to the end and fails with its stderr when it does not exit 0. */
export async function runCore(
  dataDir: string,
  args: string[],
  env: Record<string, string> = {}
): Promise<string> {
  const result = await startCoreProcess(dataDir, args, env).exited
  if (result.code !== 0)
    throw new Error(`rapport ${args.join(' ')} exited ${result.code ?? result.signal}: ${result.stderr}`)
  return result.stdout
}
