import { randomUUID } from 'node:crypto'
import type { Database, Statement } from 'better-sqlite3'
import type { Address } from '../../../src-preload/contract'
import type { HybridClock } from '../db/hybrid-clock'
import { splitName } from './contact-name'
import { isOwnAddress, originalSender, smartTags } from './smart-address'

/** Mail to more recipients than this is mass mail and creates no contacts. */
export const MASS_MAIL_RECIPIENTS = 25

export type LoggableMessage = {
  direction: 'in' | 'out'
  from: Address | null
  to: Address[]
  cc: Address[]
  bcc: Address[]
  /** Body text, to find the original sender of mail forwarded to a smart address. */
  text?: string | null
}

/**
 * Decides which person a message is logged to and makes sure that contact exists.
 * Received mail logs to its From, sent mail to its first external To. Cc and Bcc never create
 * contacts, mass mail is skipped, and the user's own addresses are never contacts.
 */
export class ContactLinker {
  private readonly findByEmail: Statement
  private readonly insertContact: Statement
  private readonly insertEmail: Statement
  private readonly isMember: Statement

  constructor(
    db: Database,
    private readonly clock: HybridClock
  ) {
    this.findByEmail = db.prepare('SELECT contact_id FROM contact_emails WHERE address = ? AND deleted = 0')
    this.insertContact = db.prepare(
      'INSERT INTO contacts (id, display_name, first_name, last_name, created_at, hlc) VALUES (?, ?, ?, ?, ?, ?)'
    )
    this.insertEmail = db.prepare(
      'INSERT INTO contact_emails (id, contact_id, address, is_primary, hlc) VALUES (?, ?, ?, 1, ?)'
    )
    this.isMember = db.prepare('SELECT 1 FROM members WHERE email = ? AND deleted = 0')
  }

  /** The address a message is logged to, or null when it should not create or touch a contact. */
  static counterpart(
    message: LoggableMessage,
    ownAddresses: ReadonlySet<string>,
    isMember: (address: string) => boolean = () => false
  ): Address | null {
    // Mail to you+contact@ or you+lead@ is about its original sender, even when mass mail.
    if (smartTags(message, ownAddresses).size > 0) return originalSender(message, ownAddresses)
    const recipients = message.to.length + message.cc.length + message.bcc.length
    if (recipients > MASS_MAIL_RECIPIENTS) return null
    const candidates = message.direction === 'in' ? (message.from ? [message.from] : []) : message.to
    // Mail between the user's own addresses and workspace members is internal: not logged.
    const external = (a: Address) =>
      !!a.address && !isOwnAddress(a.address, ownAddresses) && !isMember(a.address)
    return candidates.find(external) ?? null
  }

  /** Returns the contact id for the message's counterpart, creating the contact when new. */
  link(message: LoggableMessage, ownAddresses: ReadonlySet<string>): string | null {
    const who = ContactLinker.counterpart(message, ownAddresses, (a) => !!this.isMember.get(a.toLowerCase()))
    return who ? this.ensureContact(who) : null
  }

  ensureContact(who: Address): string {
    const address = who.address.toLowerCase()
    const existing = this.findByEmail.get(address) as { contact_id: string } | undefined
    if (existing) return existing.contact_id
    const id = randomUUID()
    const { first, last } = splitName(who.name)
    const hlc = this.clock.tick()
    this.insertContact.run(id, who.name.trim(), first, last, Date.now(), hlc)
    this.insertEmail.run(randomUUID(), id, address, hlc)
    return id
  }
}
