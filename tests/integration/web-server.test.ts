import { existsSync } from 'node:fs'
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
