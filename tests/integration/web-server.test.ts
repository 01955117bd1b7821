import { existsSync } from 'node:fs'
import { connect as connectTcp } from 'node:net'
import { outPath } from '../support/build-output'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { startWebServer, type WebServer } from '../../src-main/web/web-server'
import { CoreFixture } from './fixtures/core-fixture'

let fixture: CoreFixture
let web: WebServer
/** Web mode on IPv6 loopback (`--host ::1`), which web-main.ts prints as http://[::1]:PORT/. */
let web6: WebServer

beforeAll(async () => {
  if (!existsSync(outPath('renderer/index.html')))
    throw new Error('The renderer is not built: run "npm run build".')
  fixture = new CoreFixture()
  web = await startWebServer({ core: fixture.core, rendererDir: outPath('renderer') })
  web6 = await startWebServer({ core: fixture.core, rendererDir: outPath('renderer'), host: '::1' })
})

afterAll(async () => {
  await web?.close()
  await web6?.close()
  fixture?.close()
})

function connect(query: string, origin: string, server = () => web, host = '127.0.0.1'): Promise<WebSocket> {
  return new Promise((resolvePromise, reject) => {
    const ws = new WebSocket(`ws://${host}:${server().port}/rpc${query}`, { origin })
    ws.once('open', () => resolvePromise(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

describe('web mode server', () => {
  const origin = () => `http://127.0.0.1:${web.port}`

  it('listens on loopback only and prints a URL with a random token', () => {
    expect(web.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${web.port}/\\?token=[\\w-]{32}$`))
  })

  it('serves the built renderer with its CSP and no directory escapes', async () => {
    const page = await fetch(`http://127.0.0.1:${web.port}/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toMatch(/Content-Security-Policy/)
    const escape = await fetch(`http://127.0.0.1:${web.port}/..%2f..%2fpackage.json`)
    expect(escape.status).toBe(404)
  })

  it('answers a malformed address with 400 and goes on serving (no token is needed to send one)', async () => {
    const bad = await fetch(`http://127.0.0.1:${web.port}/%E0%A4%A`)
    expect(bad.status).toBe(400)
    expect((await fetch(`http://127.0.0.1:${web.port}/`)).status).toBe(200)
  })

  it('lets the browser keep hashed assets for good but never index.html, and keeps the app code in separate chunks', async () => {
    const page = await fetch(`http://127.0.0.1:${web.port}/`)
    expect(page.headers.get('cache-control')).toBe('no-store')
    const html = await page.text()
    // The boot entry plus the app chunk announced with modulepreload (see electron.vite.config.ts).
    const entry = html.match(/<script type="module"[^>]*src="\.\/(assets\/[^"]+\.js)"/)?.[1]
    const app = html.match(/<link rel="modulepreload"[^>]*href="\.\/(assets\/mount-[^"]+\.js)"/)?.[1]
    expect(entry).toBeDefined()
    expect(app).toBeDefined()
    const asset = await fetch(`http://127.0.0.1:${web.port}/${entry}`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    // The boot entry is small: React, i18next and the contract's zod schemas are not in it.
    expect((await asset.text()).length).toBeLessThan(40_000)
  })

  it('refuses a socket without the token, with a wrong token, or from another origin', async () => {
    await expect(connect('', origin())).rejects.toThrow(/403/)
    await expect(connect('?token=wrong', origin())).rejects.toThrow(/403/)
    await expect(connect(`?token=${web.token}`, 'https://evil.example')).rejects.toThrow(/403/)
  })

  it('serves the contract to the page that has the token', async () => {
    const ws = await connect(`?token=${web.token}`, origin())
    const reply = new Promise<unknown>((resolvePromise) => {
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; id?: number }
        if (frame.type === 'response' && frame.id === 7) resolvePromise(frame)
      })
    })
    ws.send(JSON.stringify({ type: 'request', id: 7, command: 'app.info', input: {} }))
    expect(await reply).toMatchObject({
      type: 'response',
      id: 7,
      response: { ok: true, value: { workspace: 'main' } }
    })
    ws.close()
  })
})

/**
 * What `act` throws past every handler (an 'error' event no one listens to ends web mode's
 * process), once `settled` has happened and the server has then answered a request.
 */
async function uncaughtDuring(act: () => Promise<unknown>): Promise<unknown[]> {
  const uncaught: unknown[] = []
  let failed: ((error: unknown) => void) | undefined
  const failedOnce = new Promise<void>((resolvePromise) => {
    failed = (error) => {
      uncaught.push(error)
      resolvePromise()
    }
  })
  process.on('uncaughtException', failed!)
  try {
    await Promise.race([act(), failedOnce])
    // The server read the event before this request, which came later on another connection.
    expect((await fetch(`http://127.0.0.1:${web.port}/`)).status).toBe(200)
  } finally {
    process.off('uncaughtException', failed!)
  }
  return uncaught
}

describe('web mode against a hostile client', () => {
  const origin = () => `http://127.0.0.1:${web.port}`

  it('outlives a client that resets its connection after a refused socket (no token needed)', async () => {
    const uncaught = await uncaughtDuring(
      () =>
        new Promise<void>((resolvePromise) => {
          const socket = connectTcp(web.port, '127.0.0.1', () =>
            socket.write(
              `GET /rpc?token=wrong HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\nUpgrade: websocket\r\n` +
                'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
                'Sec-WebSocket-Version: 13\r\nOrigin: https://evil.example\r\n\r\n'
            )
          )
          // The 403 came: the client resets (RST) instead of closing the connection.
          socket.once('data', () => socket.resetAndDestroy())
          socket.once('close', () => resolvePromise())
        })
    )
    expect(uncaught).toEqual([])
  })

  it('closes a socket that breaks the protocol (a text frame not UTF-8) and goes on serving', async () => {
    const ws = await connect(`?token=${web.token}`, origin())
    let code = 0
    const uncaught = await uncaughtDuring(async () => {
      const closed = new Promise<number>((resolvePromise) => ws.once('close', resolvePromise))
      ws.send(Buffer.from([0xff, 0xfe]), { binary: false })
      code = await closed
    })
    expect(uncaught).toEqual([])
    // The client is told why (1007: invalid frame payload data), not just cut off.
    expect(code).toBe(1007)
    ws.terminate()
  })

  it('refuses a socket at a malformed address (no token needed) and goes on serving', async () => {
    let reply = ''
    const uncaught = await uncaughtDuring(
      () =>
        new Promise<void>((resolvePromise) => {
          // "//[" is a request target HTTP accepts but the WHATWG URL parser throws on (a host
          // that opens an IPv6 bracket and never closes it).
          const socket = connectTcp(web.port, '127.0.0.1', () =>
            socket.write(
              `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\nUpgrade: websocket\r\n` +
                'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
                'Sec-WebSocket-Version: 13\r\n\r\n'
            )
          )
          socket.on('data', (data) => (reply += String(data)))
          socket.once('close', () => resolvePromise())
        })
    )
    expect(uncaught).toEqual([])
    expect(reply).toMatch(/^HTTP\/1\.1 40[03]/)
  })

  it('lets no other site frame the page that holds the token (clickjacking)', async () => {
    const page = await fetch(`http://127.0.0.1:${web.port}/?token=${web.token}`)
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/)
    expect(page.headers.get('x-frame-options')).toBe('DENY')
  })
})

describe('web mode on ::1', () => {
  const connect6 = (origin: string) => connect(`?token=${web6.token}`, origin, () => web6, '[::1]')

  it('prints a URL whose page may open the socket', async () => {
    expect(web6.url).toMatch(new RegExp(`^http://\\[::1\\]:${web6.port}/\\?token=`))
    // The origin a browser sends for a page loaded from that URL (it was refused: no brackets).
    const origin = new URL(web6.url).origin
    expect(origin).toBe(`http://[::1]:${web6.port}`)
    const ws = await connect6(origin)
    ws.close()
  })

  it('still refuses another origin', async () => {
    await expect(connect6('https://evil.example')).rejects.toThrow(/403/)
  })
})
