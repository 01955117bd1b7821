// The Dovecot 2.3 configuration a test server runs with: everything in its temp dir, passwd-file
// users, and the optional plugins a test asks for (OAuth2, ACLs, quota, a plain IMAP4rev1 server).
// Mail is owned by nobody:nogroup: a uid that exists on every Debian box and is above
// Dovecot's first_valid_uid (500).
export const MAIL_UID = 65534
export const MAIL_GID = 65534

export type DovecotOAuth2 = { introspectionUrl: string }

function oauth2Conf(dir: string, oauth2: DovecotOAuth2 | undefined): string {
  if (!oauth2) return ''
  return `
auth_mechanisms = plain login xoauth2 oauthbearer
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${dir}/dovecot-oauth2.conf.ext
}
`
}

/**
 * Gmail's folders (its labels seen over IMAP): no Archive, and "[Gmail]/All Mail" holding a copy of
 * every message but those in Trash and Spam. Dovecot keeps real copies where Gmail keeps one
 * message with labels, so a test puts each copy there itself.
 */
const GMAIL_FOLDERS = [
  ['[Gmail]/All Mail', 'All'],
  ['[Gmail]/Sent Mail', 'Sent'],
  ['[Gmail]/Drafts', 'Drafts'],
  ['[Gmail]/Trash', 'Trash'],
  ['[Gmail]/Spam', 'Junk']
] as const

/**
 * The folders Dovecot creates for every user. Marked with RFC 6154 special uses by default; a
 * plain server has Indonesian names and no marks, so clients must find them by name.
 */
function namespaceConf(plain: boolean, autoFolders = true, gmail = false): string {
  const auto = autoFolders ? 'subscribe' : 'no'
  const folders = gmail
    ? GMAIL_FOLDERS.map(
        ([name, use]) => `  mailbox "${name}" {\n    special_use = \\${use}\n    auto = ${auto}\n  }`
      )
    : plain
      ? ['Surat Terkirim', 'Draf Pesan', 'Sampah', 'Surat Spam', 'Arsip Surat'].map(
          (name) => `  mailbox "${name}" {\n    auto = ${auto}\n  }`
        )
      : ['Sent', 'Drafts', 'Trash', 'Junk', 'Archive'].map(
          (name) => `  mailbox ${name} {\n    special_use = \\${name}\n    auto = ${auto}\n  }`
        )
  // A server from before CONDSTORE, QRESYNC, SPECIAL-USE, MOVE and UIDPLUS: only IMAP4rev1 and IDLE.
  const capability = plain
    ? 'imap_capability = IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE NAMESPACE\n'
    : ''
  return `${capability}
namespace inbox {
  inbox = yes
  separator = /
${folders.join('\n')}
}

`
}

/**
 * Optional access control lists (RFC 4314): a folder's rights live in a `dovecot-acl` file in its
 * maildir (see `setFolderRights`); without one, the owner has every right, as usual.
 */
function aclConf(acl: boolean | undefined): string {
  if (!acl) return ''
  return `mail_plugins = $mail_plugins acl
protocol imap {
  mail_plugins = $mail_plugins imap_acl
}
plugin {
  acl = vfile
}
`
}

/**
 * Optional storage quota (RFC 9208), the same for every user: `quota` bytes. An APPEND or a
 * delivery past it is refused with NO [OVERQUOTA]; deleting mail makes room again.
 */
function quotaConf(quota: number | undefined): string {
  if (quota === undefined) return ''
  return `mail_plugins = $mail_plugins quota
protocol imap {
  mail_plugins = $mail_plugins imap_quota
}
plugin {
  quota = count:User quota
  quota_vsizes = yes
  quota_rule = *:bytes=${quota}
}
`
}

/** How a test Dovecot is set up, besides its users. */
export type DovecotLayout = {
  oauth2?: DovecotOAuth2
  /** A plain IMAP4rev1 server: no CONDSTORE, QRESYNC, SPECIAL-USE, MOVE or UIDPLUS; localized folder names. */
  plain?: boolean
  /** Folder access control lists, for folders a user may read but not change. */
  acl?: boolean
  /** A storage quota in bytes for every user (see quotaConf). */
  quota?: number
  /** false: the special folders are not created on their own (a user may delete Sent for good). */
  autoFolders?: boolean
  /** Gmail's folders ("[Gmail]/All Mail" marked \All, no Archive) instead of the usual ones. */
  gmail?: boolean
  /** Connections one user may have open from one address (Dovecot's default is 10; tests get 200). */
  maxUserIpConnections?: number
}

export function dovecotConf(
  dir: string,
  ports: { imap: number; imaps: number; lmtp: number },
  opts: DovecotLayout
): string {
  const { oauth2, plain = false } = opts
  // Dovecot 2.3 setting names. Comments say why a line is needed.
  return `
# Everything inside the temp dir so instances never collide with each other or the system one.
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = rapport-test-${ports.imap}
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
shutdown_clients = yes

ssl = yes
ssl_cert = <${dir}/tls/cert.pem
ssl_key = <${dir}/tls/key.pem
ssl_min_protocol = TLSv1.2
# Tests log in over plain IMAP on loopback.
disable_plaintext_auth = no
auth_mechanisms = plain login
# alice@example.test and alice are the same user (LMTP delivery uses the full address).
auth_username_format = %n
# No 2 s penalty per wrong password: fault tests try wrong passwords on purpose.
auth_failure_delay = 0
auth_cache_size = 0

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n ${dir}/passwd
  # With OAuth2 on, this passdb serves passwords and LMTP's user lookups ("none"); tokens go to oauth2.
  ${oauth2 ? 'mechanisms = plain login none' : ''}
}
${oauth2Conf(dir, oauth2)}userdb {
  driver = static
  args = uid=${MAIL_UID} gid=${MAIL_GID} home=${dir}/home/%n
}
mail_location = maildir:~/Maildir
# Speed: tests load hundreds of messages and never survive a power cut.
mail_fsync = never
mail_max_userip_connections = ${opts.maxUserIpConnections ?? 200}
postmaster_address = postmaster@example.test

${aclConf(opts.acl)}${quotaConf(opts.quota)}${namespaceConf(plain, opts.autoFolders, opts.gmail)}service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${ports.imap}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${ports.imaps}
    ssl = yes
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${ports.lmtp}
  }
}
service imap {
  process_limit = 256
}
# No anvil auth penalty (up to 15 s per login from an IP after failures, even for a right password).
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`
}
