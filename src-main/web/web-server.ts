import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { WebSocketServer } from 'ws'
import type { Core } from '../core/core'
import { serveFrames } from '../core/host/frame-server'

export type WebServerOptions = {
  core: Core
  rendererDir: string
  host?: string
  port?: number
  token?: string
}
export type WebServer = { url: string; port: number; token: string; close(): Promise<void> }

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2'
}

/**
 * Web mode: the built renderer over HTTP and the contract over a WebSocket, on loopback by
 * default. The socket requires the random per-run token from the URL and a same-origin page,
 * so other local users' browsers and other web sites cannot drive the core.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const host = options.host ?? '127.0.0.1'
  const root = resolve(options.rendererDir)
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(
      `The renderer is not built (${join(root, 'index.html')} is missing). Run "npm run build" first.`
    )
  }

  const http = createServer((req, res) => serveStatic(root, req, res))
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 })
  http.on('upgrade', (req, socket, head) => {
    // Until ws takes the socket, its errors are ours: a client that resets the connection (no
    // token needed) raised an 'error' no one heard, which ended web mode.
    const dropOnError = () => socket.destroy()
    socket.on('error', dropOnError)
    const url = requestUrl(req)
    const port = (http.address() as AddressInfo).port
    // An IPv6 address is written in brackets in an origin, as in the printed URL.
    const allowedOrigins = new Set([
      `http://${urlHost(host)}:${port}`,
      `http://127.0.0.1:${port}`,
      `http://localhost:${port}`
    ])
    if (
      url?.pathname !== '/rpc' ||
      !tokenMatches(url.searchParams.get('token'), token) ||
      !allowedOrigins.has(req.headers.origin ?? '')
    ) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    socket.off('error', dropOnError)
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const server = serveFrames(options.core, (frame) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame))
      })
      // A frame that breaks the protocol (over maxPayload, text not UTF-8): ws has already sent
      // the close frame with its code; the 'error' it raises then, unheard, ended web mode.
      ws.on('error', () => undefined)
      ws.on('message', (data) => {
        try {
          server.handle(JSON.parse(String(data)))
        } catch {
          // A malformed frame is dropped; the page only sends frames it built itself.
        }
      })
      ws.on('close', () => server.dispose())
    })
  })

  await new Promise<void>((resolvePromise, reject) => {
    http.once('error', reject)
    http.listen(options.port ?? 0, host, () => resolvePromise())
  })
  const port = (http.address() as AddressInfo).port
  return {
    url: `http://${urlHost(host)}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise((resolvePromise) => {
        for (const client of sockets.clients) client.terminate()
        sockets.close()
        http.closeAllConnections()
        http.close(() => resolvePromise())
      })
  }
}

/** The host as a URL (and so a page's origin) writes it: an IPv6 address in brackets. */
function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Built assets carry a content hash in their name, so a browser may keep them for good and a
 * reload only fetches index.html. No compression: web mode serves loopback by default, where
 * gzip costs more CPU than the bytes it saves.
 */
function cacheControl(root: string, file: string): string {
  return file.startsWith(join(root, 'assets') + sep) ? 'public, max-age=31536000, immutable' : 'no-store'
}

/**
 * The request's address; null for one HTTP accepts but URL does not ("//["), which thrown in the
 * 'upgrade' listener went past every handler and ended web mode (no token needed).
 */
function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost')
  } catch {
    return null
  }
}

/** The request's path, decoded; null for a malformed %-escape (which would throw, and end web mode). */
function requestPath(req: IncomingMessage): string | null {
  const url = requestUrl(req)
  try {
    return url && decodeURIComponent(url.pathname)
  } catch {
    return null
  }
}

function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  const pathname = requestPath(req)
  if (pathname === null) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad request: the address is not valid.')
    return
  }
  const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname))
  if (!file.startsWith(root + sep) || !isFile(file)) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
    return
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // No other site may frame the page (a meta CSP cannot say frame-ancestors): framed with a
    // leaked token, it would get the clicks the socket's origin check refuses to that site.
    'content-security-policy': "frame-ancestors 'none'",
    'x-frame-options': 'DENY',
    'cache-control': cacheControl(root, file)
  })
  // A file gone or unreadable once the answer began (a rebuild while web mode runs): that
  // response ends, not the process (an 'error' with no listener is thrown).
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res)
}

function isFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false
  } catch {
    return false
  }
}
