import { describe, expect, it } from 'vitest'
import { createFetchText, MAX_AUTOCONFIG_REDIRECTS } from '../../src-main/core/providers/autoconfig-fetch'

const CONFIG = '<clientConfig version="1.1"/>'

type Page = { status: number; location?: string; body?: string }

/**
 * A fetch over a fixed set of pages that handles redirects as the Fetch standard (and node's
 * fetch) does: `follow` goes on through up to 20 hops, https to http included; `manual` hands
 * back the 3xx itself. `asked` records every URL requested.
 */
function fakeFetch(pages: (url: string) => Page) {
  const asked: string[] = []
  const request = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    let url = new URL(String(input))
    for (let hops = 0; ; hops++) {
      asked.push(url.href)
      const page = pages(url.href)
      const response = new Response(page.body ?? null, {
        status: page.status,
        headers: page.location ? { location: page.location } : {}
      })
      if (!page.location || init?.redirect === 'manual') return response
      if (hops >= 20) throw new TypeError('fetch failed: redirect count exceeded')
      url = new URL(page.location, url)
    }
  }
  return { fetchText: createFetchText(request as typeof fetch), asked }
}

describe('fetching an autoconfig file through redirects', () => {
  it('follows a provider that moved its file to another https address', async () => {
    const { fetchText } = fakeFetch((url) =>
      url === 'https://autoconfig.example.net/mail/config-v1.1.xml'
        ? { status: 301, location: 'https://config.example.net/v1.1.xml' }
        : { status: 200, body: CONFIG }
    )
    expect(await fetchText('https://autoconfig.example.net/mail/config-v1.1.xml', 1_000)).toBe(CONFIG)
  })

  it('refuses a redirect from https down to plain http: anyone on the path could answer it', async () => {
    const { fetchText, asked } = fakeFetch((url) =>
      url.startsWith('https:')
        ? { status: 302, location: 'http://evil.example/config.xml' }
        : { status: 200, body: CONFIG }
    )
    expect(await fetchText('https://autoconfig.example.net/mail/config-v1.1.xml', 1_000)).toBeNull()
    expect(asked).toEqual(['https://autoconfig.example.net/mail/config-v1.1.xml'])
  })

  it('stops following an endless chain of redirects after a few hops', async () => {
    const { fetchText, asked } = fakeFetch((url) => ({
      status: 307,
      location: `/loop/${Number(url.split('/').pop()) + 1}`
    }))
    expect(await fetchText('https://autoconfig.example.net/loop/0', 1_000)).toBeNull()
    expect(asked).toHaveLength(MAX_AUTOCONFIG_REDIRECTS + 1)
  })
})
