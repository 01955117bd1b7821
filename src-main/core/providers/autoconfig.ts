import { isIP } from 'node:net'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import type { Security, ServerSettings } from '../../../src-preload/contract'
import { CoreError } from '../errors'
import { toAsciiHost } from '../mail-server/host-names'

/** What an autoconfig document says; the user name is already filled in for this address. */
export type AutoconfigSettings = {
  providerName: string | null
  imap: ServerSettings
  smtp: ServerSettings
  user: string
  oauth2: boolean
}

/** Autoconfig files are a few KB; anything bigger is not one. */
export const MAX_AUTOCONFIG_BYTES = 64 * 1024

/**
 * The longest sign-in name taken from a document: an address is at most 64 + 1 + 255 characters
 * (RFC 5321). A hostile file repeating %EMAILADDRESS% thousands of times would otherwise hand the
 * form, and the saved account, a user name of a megabyte.
 */
export const MAX_USER_LENGTH = 320

/**
 * Where Thunderbird looks, in its order: the domain's autoconfig host, its well-known path, then
 * the ISPDB. Thunderbird also asks http://autoconfig.<domain>; Rapport does not, on purpose: over
 * plain http anyone on the path could answer with servers of their choosing (and a redirect from
 * https down to http is refused for the same reason, see autoconfig-fetch).
 */
export function autoconfigUrls(domain: string, email: string): string[] {
  return [
    `https://autoconfig.${domain}/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(email)}`,
    `https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`,
    `https://autoconfig.thunderbird.net/v1.1/${domain}`
  ]
}

type ServerNode = {
  '@_type'?: string
  hostname?: unknown
  port?: unknown
  socketType?: unknown
  username?: unknown
  authentication?: unknown
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['incomingServer', 'outgoingServer', 'authentication', 'emailProvider'].includes(name)
})

/** The error for a document Rapport cannot use; detection treats it as no document at all. */
export function unusableAutoconfig(reason: string): CoreError {
  return new CoreError(
    'INVALID_INPUT',
    `The provider's autoconfig file could not be used (${reason}). Enter the server settings by hand.`,
    'imap.host'
  )
}

/**
 * Parses a Mozilla clientConfig document (config-v1.1.xml) into IMAP and SMTP settings.
 * Hostile input gets a clear error, never a crash or an expansion bomb: the size is capped and
 * DTDs are refused outright (a clientConfig never needs one; entities are the XML bomb vector).
 */
export function parseAutoconfig(xml: string, email: string): AutoconfigSettings {
  if (Buffer.byteLength(xml) > MAX_AUTOCONFIG_BYTES) throw unusableAutoconfig('it is larger than 64 KB')
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw unusableAutoconfig('it declares a DTD, which a clientConfig never needs')
  const valid = XMLValidator.validate(xml)
  if (valid !== true) throw unusableAutoconfig(`malformed XML at line ${valid.err.line}: ${valid.err.msg}`)
  const doc = parser.parse(xml) as { clientConfig?: { emailProvider?: unknown[] } }
  const provider = doc.clientConfig?.emailProvider?.[0] as
    { displayName?: unknown; incomingServer?: ServerNode[]; outgoingServer?: ServerNode[] } | undefined
  if (!provider) throw unusableAutoconfig('there is no <clientConfig><emailProvider>')
  const incomings = (provider.incomingServer ?? []).filter((s) => s['@_type'] === 'imap')
  const outgoings = (provider.outgoingServer ?? []).filter((s) => s['@_type'] === 'smtp')
  if (incomings.length === 0) throw unusableAutoconfig('it names no IMAP server')
  if (outgoings.length === 0) throw unusableAutoconfig('it names no SMTP server')
  // A document may offer several servers of a kind, best first by the provider's reckoning (a
  // plain-text one among them): the first usable one is taken, as Thunderbird does.
  const [incoming, imap] = firstUsable(incomings, 'IMAP', email)
  const [outgoing, smtp] = firstUsable(outgoings, 'SMTP', email)
  const auths = [...asStrings(incoming.authentication), ...asStrings(outgoing.authentication)]
  return {
    providerName: typeof provider.displayName === 'string' ? provider.displayName.slice(0, 200) : null,
    imap,
    smtp,
    user: toUser(userTemplate(incoming.username), email),
    oauth2: auths.includes('OAuth2')
  }
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** The first server of the list Rapport can use; when none is, the first one's reason. */
function firstUsable(nodes: ServerNode[], label: string, email: string): [ServerNode, ServerSettings] {
  let firstError: unknown = null
  for (const node of nodes) {
    try {
      return [node, toServer(node, label, email)]
    } catch (error) {
      firstError ??= error
    }
  }
  throw firstError
}

function toServer(node: ServerNode, label: string, email: string): ServerSettings {
  // Host names may hold the placeholders too (mail.%EMAILDOMAIN%: one file for many domains), and
  // go on the wire as punycode whether the domain came from the address or is written in the file.
  const host =
    typeof node.hostname === 'string' ? toAsciiHost(expandUser(node.hostname, email)).replace(/\.$/, '') : ''
  const port = Number(node.port)
  if (!isDnsHost(host))
    throw unusableAutoconfig(`the ${label} host name "${host.slice(0, 300)}" is not valid`)
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw unusableAutoconfig(`the ${label} port is not valid`)
  return { host: host.toLowerCase(), port, security: toSecurity(node.socketType, label) }
}

function toSecurity(socketType: unknown, label: string): Security {
  if (socketType === 'SSL') return 'tls'
  if (socketType === 'STARTTLS') return 'starttls'
  // A plain connection is never suggested: Rapport refuses it to remote hosts anyway.
  throw unusableAutoconfig(`the ${label} server is offered without TLS (${String(socketType)})`)
}

/**
 * An IP address or a name by DNS's rules (RFC 1035): at most 253 characters in labels of 1 to 63.
 * No port, scheme or path: "imap.example.net:993" would be saved as a host no lookup finds.
 */
function isDnsHost(host: string): boolean {
  if (isIP(host)) return true
  return host.length <= 253 && host.split('.').every((label) => /^[a-z0-9_-]{1,63}$/i.test(label))
}

/**
 * The document's user name, or the address when it names none: an empty <username></username>
 * (or <username/>) says nothing, and must not suggest an empty user name the form then refuses.
 */
function userTemplate(username: unknown): string {
  return typeof username === 'string' && username.trim() ? username : '%EMAILADDRESS%'
}

function toUser(template: string, email: string): string {
  const user = expandUser(template, email)
  if (user.length > MAX_USER_LENGTH)
    throw unusableAutoconfig(`its user name is longer than ${MAX_USER_LENGTH} characters`)
  // No sign-in name holds a line break or a NUL; one here is a file built to smuggle it into the form.
  if (/\p{Cc}/u.test(user)) throw unusableAutoconfig('its user name holds control characters')
  return user
}

/** %EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN% are the placeholders the format defines. */
function expandUser(template: string, email: string): string {
  const at = email.lastIndexOf('@')
  return template
    .replaceAll('%EMAILADDRESS%', email)
    .replaceAll('%EMAILLOCALPART%', email.slice(0, at))
    .replaceAll('%EMAILDOMAIN%', email.slice(at + 1))
}
