// A link in mail says where it really goes before it is followed (its title, set by the
// sanitizer): the destination as it will be opened, and a link whose text names another host.
import { describe, expect, it } from 'vitest'
import {
  hostShown,
  linkDestination,
  misleadingHost
} from '../../src-renderer/src/features/thread/link-destination'

describe('where a link in mail goes', () => {
  it('is its href as the browser opens it', () => {
    expect(linkDestination(' https://evil.example/login ')).toBe('https://evil.example/login')
    // Tabs and line breaks inside are dropped by the browser: the title shows what it opens.
    expect(linkDestination('https://my\tbank.exa\nmple/')).toBe('https://mybank.example/')
    // A look-alike letter (Cyrillic а) shows in the host's xn-- form.
    expect(linkDestination('https://\u0430pple.example/')).toBe('https://xn--pple-43d.example/')
    expect(linkDestination('mailto:ana@example.test?subject=Hi%20there')).toBe(
      'mailto:ana@example.test?subject=Hi%20there'
    )
  })

  it('is nowhere for what may not open', () => {
    for (const href of ['javascript:alert(1)', '/login', '//evil.example/', 'file:///etc/passwd', 'https://'])
      expect(linkDestination(href), href).toBeNull()
  })
})

describe('a link whose text names another host', () => {
  it('reads a host from text written as a web address only', () => {
    expect(hostShown('https://mybank.example/login')).toBe('mybank.example')
    expect(hostShown(' www.mybank.example ')).toBe('www.mybank.example')
    expect(hostShown('Log in to your bank')).toBeNull()
    expect(hostShown('report.pdf')).toBeNull()
  })

  it('is told apart from one going to the site it shows', () => {
    expect(misleadingHost('https://evil.example/login', 'https://mybank.example')).toEqual({
      shown: 'mybank.example',
      real: 'evil.example'
    })
    expect(misleadingHost('https://mybank.example.evil.example/', 'www.mybank.example')).toEqual({
      shown: 'www.mybank.example',
      real: 'mybank.example.evil.example'
    })
    expect(misleadingHost('https://www.mybank.example/login', 'https://mybank.example')).toBeNull()
    expect(misleadingHost('https://mybank.example/', 'www.mybank.example')).toBeNull()
    expect(misleadingHost('https://evil.example/', 'Click here')).toBeNull()
    expect(misleadingHost('mailto:ana@example.test', 'https://mybank.example')).toBeNull()
  })
})

describe('a link that names a host it does not go to', () => {
  it('has a title that does not name it: a user name and password before an @ are dropped', () => {
    // https://mybank.example@evil.example/ goes to evil.example; "mybank.example" is a user name.
    expect(linkDestination('https://mybank.example@evil.example/login')).toBe('https://evil.example/login')
    expect(linkDestination('https://mybank.example:secure@evil.example/')).toBe('https://evil.example/')
  })

  it('is told apart when its text hides the real host after a user name', () => {
    expect(misleadingHost('https://evil.example/login', 'https://mybank.example@evil.example/login')).toEqual(
      { shown: 'mybank.example', real: 'evil.example' }
    )
  })

  it('names the host its text shows as the text writes it, not in its xn-- form', () => {
    expect(misleadingHost('https://evil.example/', 'https://bücher.example/angebot')).toEqual({
      shown: 'bücher.example',
      real: 'evil.example'
    })
    expect(misleadingHost('https://evil.example/', 'https://例子.中国')).toEqual({
      shown: '例子.中国',
      real: 'evil.example'
    })
    // The same site written in Unicode is the same site.
    expect(misleadingHost('https://xn--bcher-kva.example/', 'www.bücher.example')).toBeNull()
  })
})
