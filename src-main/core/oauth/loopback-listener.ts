import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CoreError } from '../errors'

export type LoopbackRedirect = {
  /** http://127.0.0.1:PORT/callback: the redirect_uri of the authorization request (RFC 8252 §7.3). */
  redirectUri: string
  /** Resolves with the authorization code once the browser comes back with the right state. */
  code: Promise<string>
  close(): void
}

const PAGE = (title: string, text: string): string =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title>` +
  `<body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body>`

/**
 * A one-shot HTTP listener on 127.0.0.1 and a random port that receives the provider's redirect.
 * Only the expected path and state are accepted; anything else gets 404 or 400 and is ignored,
 * so a stray request from another page cannot end the sign-in.
 */
export async function startLoopbackRedirect(
  expectedState: string,
  timeoutMs: number
): Promise<LoopbackRedirect> {
  let settle: { resolve: (code: string) => void; reject: (error: Error) => void } | null = null
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }))
  // A rejection nobody awaits yet (the user has not finished) must not crash the process.
  code.catch(() => undefined)
  const finish = (result: { code: string } | { error: Error }): void => {
    const s = settle
    settle = null
    close()
    if (!s) return
    if ('code' in result) s.resolve(result.code)
    else s.reject(result.error)
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (req.method !== 'GET' || url.pathname !== '/callback') {
      res.writeHead(404).end()
      return
    }
    if (url.searchParams.get('state') !== expectedState) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
      res.end(PAGE('Sign-in link not recognised', 'Start the sign-in again from Rapport.'))
      return
    }
    const error = url.searchParams.get('error')
    const value = url.searchParams.get('code')
    res.writeHead(error || !value ? 400 : 200, {
      'content-type': 'text/html; charset=utf-8',
      connection: 'close'
    })
    if (error || !value) {
      const reason = url.searchParams.get('error_description') ?? error ?? 'no authorization code'
      res.end(PAGE('Sign-in failed', 'Go back to Rapport to try again.'))
      finish({
        error: new CoreError(
          'AUTH_FAILED',
          `The provider did not authorize Rapport (${reason}). Try again.`,
          'email'
        )
      })
      return
    }
    res.end(PAGE('Signed in', 'You can close this tab and return to Rapport.'))
    finish({ code: value })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const timer = setTimeout(
    () =>
      finish({
        error: new CoreError(
          'AUTH_FAILED',
          'The sign-in was not completed in the browser in time. Start it again.',
          'email'
        )
      }),
    timeoutMs
  )
  timer.unref()
  function close(): void {
    clearTimeout(timer)
    server.close()
    server.closeAllConnections()
  }
  const { port } = server.address() as AddressInfo
  return {
    redirectUri: `http://127.0.0.1:${port}/callback`,
    code,
    close: () => finish({ error: new CoreError('AUTH_FAILED', 'The sign-in was cancelled.', 'email') })
  }
}
