// How the user's own addresses are compared, in the renderer and the core alike.

/**
 * An address as compared for "is it mine": lower case, its domain in ASCII (IDNA), so
 * info@müller.de and info@xn--mller-kva.de are the same mailbox (the core's ownAddresses folds
 * the two forms too; mailparser gives a received address its domain in Unicode).
 */
export function addressKey(address: string): string {
  const at = address.lastIndexOf('@')
  const lower = address.toLowerCase()
  if (at < 0) return lower
  try {
    return `${lower.slice(0, at)}@${new URL(`http://${lower.slice(at + 1)}`).hostname}`
  } catch {
    return lower
  }
}
