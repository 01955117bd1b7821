import { NO_RECIPIENT, type OutboxItem } from '../../../src-preload/contract'
import { assertNotArchived } from '../accounts/account-service'
import { newOwner } from '../db/process-claim'
import { CoreError } from '../errors'
import { withUndisclosedTo } from '../send/undisclosed-recipients'
import type { MailSession } from '../sync/task-runner'
import { untilOtherAttemptEnds } from './other-attempt'
import { toOutboxItem } from './outbox-item'
import { OutboxLane, type OutboxDeps } from './outbox-lane'
import { OutboxRepository, type OutboxRecord } from './outbox-repository'
import { storeAccepted } from './outbox-sender'
import { awaitingSentCheckText, canCancel, canRetry } from './outbox-state'
import { OutboxSettings } from './outbox-settings'
import { addressOf, composeOutgoing, withDate, type Outgoing } from './outgoing-message'
import { checkCap, SendCapRepository } from './send-cap'
import { sendAnswer, type SendResult } from './send-answer'
import { saveSentCopyAgain } from './sent-copy-again'

export type { OutboxDeps } from './outbox-lane'

/**
 * How long `messages.send` waits for another Rapport process's attempt at its message (SMTP's own
 * timeouts: a connection, a greeting and a silent data phase, with room for the Sent copy).
 */
const OTHER_ATTEMPT_WAIT_MS = 2 * 60_000

/**
 * The outbox: every message the user sends is queued here first, then sent by the account's
 * lane when it is due (after the undo delay or at the chosen time) and the account is online.
 * The schedule lives in the database, so a send due while Rapport was closed goes at the next start.
 */
export class OutboxService {
  readonly repo: OutboxRepository
  private readonly caps: SendCapRepository
  readonly settings: OutboxSettings
  /** Who makes this process's attempts (OutboxRepository.claim): "<pid>:<random>". */
  private readonly owner: string
  /** Sends the due mail, and wakes when the next is due. */
  private readonly lane: OutboxLane
  /** How long sendAndWait waits for another process's attempt at its message; tests shorten it. */
  otherAttemptWaitMs = OTHER_ATTEMPT_WAIT_MS

  constructor(private readonly deps: OutboxDeps) {
    this.repo = new OutboxRepository(deps.db)
    // This process's attempts, told apart from another Rapport process's on the same data
    // directory (two cores in one process too: each has its own).
    this.owner = newOwner(deps.db)
    this.caps = new SendCapRepository(deps.db)
    this.lane = new OutboxLane(deps, this.repo, this.caps, this.owner)
    this.settings = new OutboxSettings({
      db: deps.db,
      caps: this.caps,
      accounts: deps.accounts,
      now: () => this.now()
    })
    // Back online (every pass, including the real-time loop's first after a reconnect): send what waited.
    deps.sync.setAfterPass((session, accountId) =>
      this.lane.flush(session, accountId, true).catch((error: unknown) => {
        // A refused login (an OAuth2 token that can no longer be refreshed) fails the pass, which
        // pauses the account for sign-in. The SMTP server's own refusal ends the flush instead.
        if (error instanceof CoreError && error.code === 'AUTH_FAILED') throw error
        this.lane.noteOffline(accountId, error)
      })
    )
  }

  start(): void {
    this.repo.purgeSent(this.now())
    this.lane.start()
  }

  stop(): void {
    this.lane.stop()
  }

  /** Sends every due message of the account over this session, one after another. */
  flush(session: MailSession, accountId: number, online: boolean): Promise<void> {
    return this.lane.flush(session, accountId, online)
  }

  /** Sends the account's due mail now, on its lane; one run at a time per account. */
  kick(accountId: number): Promise<void> {
    return this.lane.kick(accountId)
  }

  /** The scheduler's tick: sends what is due for every account. Tests call it after moving the clock. */
  runDue(): Promise<void> {
    return this.lane.runDue()
  }

  /** Points the timer at the next due message (at most a minute away, then it looks again). */
  arm(): void {
    this.lane.arm()
  }

  /** The due time the scheduler's timer is set for (null: none), for tests and diagnostics. */
  get nextWake(): number | null {
    return this.lane.nextWake
  }

  /** Queues a message; it goes after the undo delay, at `sendAt`, or (undo false) as soon as possible. */
  async enqueue(
    input: Outgoing & { accountId: number; sendAt?: string; undo?: boolean }
  ): Promise<{ item: OutboxItem; warning: string | null }> {
    const { id, warning, accountId, due } = await this.insert(input)
    if (due) void this.kick(accountId)
    else this.arm()
    return { item: this.item(id), warning }
  }

  /** messages.send: queue, send at once and wait. Offline, the message stays queued and this says so. */
  async sendAndWait(input: Outgoing & { accountId: number }): Promise<SendResult> {
    const { id, accountId } = await this.insert({ ...input, undo: false })
    await this.kick(accountId)
    // Another process may have taken it first: its outcome is the answer, not "not sent yet".
    await untilOtherAttemptEnds(this.repo, id, this.owner, this.otherAttemptWaitMs)
    return sendAnswer(this.repo, this.deps.accounts, accountId, id, this.now())
  }

  private async insert(
    input: Outgoing & { accountId: number; sendAt?: string; undo?: boolean }
  ): Promise<{ id: number; warning: string | null; accountId: number; due: boolean }> {
    const account = this.deps.accounts.get(input.accountId)
    if (account.kind !== 'mailbox')
      throw new CoreError('SEND_FAILED', 'This is sample data: connect a real mailbox to send mail.')
    assertNotArchived(account)
    this.deps.assertCanSendTo?.([...input.to, ...(input.cc ?? []), ...(input.bcc ?? [])].map(addressOf))
    const now = this.now()
    const sendAt = this.sendTimeOf(input, now)
    // Refused early, before the attachments are read and the message is built...
    checkCap(this.caps, account, sendAt, null, now)
    const composed = await composeOutgoing(account, this.deps.queries, input, new Date(sendAt))
    // The contract asks for a recipient; this holds for callers inside the core too.
    if (composed.recipients.length === 0) throw new CoreError('INVALID_INPUT', NO_RECIPIENT.message, 'to')
    const { fields } = composed
    // Sent (and kept in Sent) with a To that names no one when it goes to Cc or Bcc only.
    const raw = fields.to.length === 0 ? withUndisclosedTo(composed.raw) : composed.raw
    // ...and checked again with the insert, in one transaction that holds the database's write
    // lock: a send made meanwhile (a second window, a script, `rapport send` beside the app) was
    // not counted by the first check, and both would pass it.
    const { id, warning } = this.deps.db
      .transaction(() => {
        const warning = checkCap(this.caps, account, sendAt, null, now)
        const id = this.repo.insert({
          accountId: account.id,
          messageId: composed.messageId,
          subject: input.subject,
          recipients: composed.recipients,
          cc: fields.cc,
          bcc: fields.bcc,
          raw,
          sendAt,
          now,
          threadId: composed.threadId
        })
        return { id, warning }
      })
      .immediate()
    this.deps.changed(['outbox'], [id])
    return { id, warning, accountId: account.id, due: sendAt <= now }
  }

  list(filter: { accountId?: number; includeSent?: boolean }): OutboxItem[] {
    return this.repo.list(filter).map((r) => toOutboxItem(r, this.now()))
  }

  /** Undo send (and delete): only before an attempt has started. */
  cancel(id: number): boolean {
    const row = this.existing(id)
    if (!canCancel(row.state)) {
      throw new CoreError('INVALID_INPUT', this.whyNotCancellable(row))
    }
    const removed = this.repo.remove(id)
    this.deps.changed(['outbox'], [id])
    this.arm()
    return removed
  }

  /** Delete in the Outbox: a sent message whose Sent copy failed is let go (it went); others are cancelled. */
  delete(id: number): boolean {
    const row = this.existing(id)
    if (row.state !== 'sent' || row.sentCopyError === null) return this.cancel(id)
    this.repo.settleSentCopy(id, null)
    this.deps.changed(['outbox'], [id])
    return true
  }

  /** Retry on a sent message whose Sent copy the server refused: saves the copy, on the account's lane. */
  private async saveSentCopy(row: OutboxRecord): Promise<OutboxItem> {
    assertNotArchived(this.deps.accounts.get(row.accountId))
    try {
      await this.deps.sync.runOnline(row.accountId, async (session) => {
        if (!this.repo.claim(row.id, this.owner))
          throw new CoreError(
            'SEND_FAILED',
            'Another Rapport process (the app, or a rapport command) is saving this copy right now. Try again in a moment.'
          )
        try {
          await saveSentCopyAgain(this.lane.senderDeps(), session, row)
        } finally {
          this.repo.release(row.id, this.owner)
        }
      })
    } finally {
      // Refused for now again, the copy has a next try planned: the timer wakes for it.
      this.arm()
    }
    this.deps.changed(['outbox', 'messages', 'threads', 'folders'], [row.id])
    return this.item(row.id)
  }

  private whyNotCancellable(row: OutboxRecord): string {
    if (row.state === 'sent') return 'This message was already sent; it can no longer be undone.'
    // Left mid-attempt by a quit or a lost connection, with no attempt running now: whether the
    // server got it is unknown until Sent can be checked, so saying "being sent" would be wrong.
    if (row.state === 'sending' && !this.lane.isAttempting(row.id) && row.maybeDelivered)
      return awaitingSentCheckText(this.deps.accounts.get(row.accountId).smtp.host)
    if (row.state === 'sending' && !this.lane.isAttempting(row.id))
      return row.completesId === null
        ? 'Rapport was interrupted while sending this message, so it may already have gone. Once the mailbox is reachable, Rapport looks for it in Sent and sends it only if it is not there.'
        : 'Rapport was interrupted while sending this message to these recipients, so it may already have reached them. It is sent to them again once the mailbox is reachable.'
    return 'This message is being sent right now; it can no longer be undone.'
  }

  /**
   * Sends now, skipping the undo delay, the chosen time or the backoff; waits for the attempt.
   * Moving a message to now must not get it past the daily cap: refused like queueing it is.
   */
  async sendNow(id: number): Promise<OutboxItem> {
    const row = this.existing(id)
    if (row.state === 'sent' && row.sentCopyError !== null) return this.saveSentCopy(row)
    if (!canRetry(row.state)) return toOutboxItem(row, this.now())
    assertNotArchived(this.deps.accounts.get(row.accountId))
    // A row for refused recipients is part of a message that was already counted.
    if (row.completesId === null)
      checkCap(this.caps, this.deps.accounts.get(row.accountId), this.now(), row.id)
    const now = this.now()
    // Composed for a later time and never tried: dated now, the time it goes, not days ahead.
    if (row.attempts === 0 && row.completesId === null && row.sendAt > now) {
      const raw = this.repo.raw(id)
      if (raw) this.repo.replaceUntriedRaw(id, withDate(raw, new Date(now)))
    }
    this.repo.requeue(id, now)
    this.deps.changed(['outbox'], [id])
    await this.kick(row.accountId)
    return this.item(id)
  }

  /**
   * Retry: a failed message scheduled for a time still ahead goes back on its schedule (Send now
   * sends it early); any other is sent now, as Send now does.
   */
  async retry(id: number): Promise<OutboxItem> {
    const row = this.existing(id)
    const now = this.now()
    if (row.state !== 'failed' || row.sendAt <= now) return this.sendNow(id)
    const account = this.deps.accounts.get(row.accountId)
    assertNotArchived(account)
    if (row.completesId === null) checkCap(this.caps, account, row.sendAt, row.id, now)
    this.repo.backOnSchedule(id)
    this.deps.changed(['outbox'], [id])
    this.arm()
    return this.item(id)
  }

  /**
   * Before the mailbox is archived: mail its SMTP server took that is in no conversation yet (Rapport
   * was stopped between the server's answer and the copy for Sent) goes into its conversation, as
   * the archive can never save that copy and the row becomes sent.
   */
  async storeAcceptedMail(accountId: number): Promise<void> {
    const account = this.deps.accounts.get(accountId)
    for (const item of this.repo.acceptedUnstored(accountId)) {
      const raw = this.repo.raw(item.id)
      if (raw) await storeAccepted(this.lane.senderDeps(), account, item, raw, new Date(item.sendAt))
    }
  }

  /** The account's servers changed: what waited for the old SMTP server goes with the next pass. */
  serversChanged(accountId: number): void {
    this.repo.retryAtNewServers(accountId, this.now())
    this.signedIn(accountId)
  }

  /**
   * Signed in again (or new servers): what the SMTP server refused to sign in for goes again, and
   * an archive reconnected sends what failed only because it was archived, each at its time.
   */
  signedIn(accountId: number): void {
    const released =
      this.repo.releaseSmtpRefused(accountId, this.now()) + this.repo.releaseArchived(accountId)
    if (released > 0) this.arm()
    this.deps.changed(['outbox'], [])
  }

  private sendTimeOf(input: { sendAt?: string; undo?: boolean }, now: number): number {
    if (input.sendAt) {
      const at = Date.parse(input.sendAt)
      if (at < now - 60_000)
        throw new CoreError(
          'INVALID_INPUT',
          'The time to send is in the past; choose a later time.',
          'sendAt'
        )
      return Math.max(at, now)
    }
    return input.undo === false ? now : now + this.settings.undoDelay() * 1000
  }

  private existing(id: number): OutboxRecord {
    const row = this.repo.find(id)
    if (!row) throw new CoreError('NOT_FOUND', `There is no outbox message with id ${id}.`, 'id')
    return row
  }

  private item(id: number): OutboxItem {
    return toOutboxItem(this.existing(id), this.now())
  }

  private now(): number {
    return this.deps.clock.now()
  }
}
