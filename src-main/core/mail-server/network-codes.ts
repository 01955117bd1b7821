/**
 * The codes Node's sockets and DNS give when no server could be reached, or the network went away
 * under a connection (Wi-Fi dropped, a VPN went down, the laptop slept): being offline, which
 * reconnecting fixes, not a setting to change or a server's refusal. One list for the sync's
 * "offline" (server-errors.ts) and the outbox's "wait for a connection" (outbox-state.ts), so the
 * two never disagree about the same failure.
 */
export const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENETRESET',
  'ENOTFOUND',
  'EAI_AGAIN'
])
