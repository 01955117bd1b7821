/** Whether the process that made this claim ("<pid>:<random>") is still running. */
export function claimLive(claim: string): boolean {
  const pid = Number(claim.split(':')[0])
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, as another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
