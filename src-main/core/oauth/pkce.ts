import { createHash, randomBytes } from 'node:crypto'

/** RFC 7636 PKCE: a one-time verifier and its S256 challenge, so a stolen code is useless alone. */
export function createPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: challengeFor(verifier) }
}

export function challengeFor(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url')
}

/** The anti-CSRF state parameter: the redirect must carry back exactly this value. */
export function randomState(): string {
  return randomBytes(16).toString('base64url')
}
